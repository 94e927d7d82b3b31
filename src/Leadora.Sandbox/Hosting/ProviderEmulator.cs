using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Hosting;

/// <summary>A response an emulator produced, before the runner writes it.</summary>
internal sealed record SandboxResponse(int StatusCode, string Body, string ContentType = "application/json; charset=utf-8")
{
    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A JSON response.</summary>
    public static SandboxResponse Json(int statusCode, JsonNode body, bool indented = false, IReadOnlyDictionary<string, string>? headers = null) =>
        new(statusCode, body.ToJsonString(indented ? SandboxJson.Indented : SandboxJson.Compact)) { Headers = headers ?? new Dictionary<string, string>() };
}

/// <summary>What an endpoint does with faults that touch content.</summary>
[Flags]
internal enum EndpointTraits
{
    None = 0,

    /// <summary>The endpoint returns LLM output: it applies malformed and schema faults to the output text itself.</summary>
    LlmOutput = 1,
}

/// <summary>One request as an emulator sees it: the buffered body, the fault chosen for it, and the HTTP context.</summary>
internal sealed class SandboxCall
{
    private JsonNode? _json;
    private bool _parsed;

    public SandboxCall(HttpContext http, string body, SandboxFault? fault)
    {
        Http = http;
        Body = body;
        Fault = fault;
    }

    public HttpContext Http { get; }

    public string Body { get; }

    /// <summary>The fault to apply (null for none). Content faults (malformed, schema) reach the handler this way.</summary>
    public SandboxFault? Fault { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The body parsed as JSON, or null when it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            if (!_parsed)
            {
                _json = SandboxJson.TryParse(Body);
                _parsed = true;
            }

            return _json;
        }
    }

    public string? Header(string name) => Http.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    public string? RouteValue(string name) => Http.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null;

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}

/// <summary>An HTTP endpoint of an emulator.</summary>
internal sealed record SandboxEndpoint(string Method, string Pattern, Func<SandboxCall, SandboxResponse> Handler, EndpointTraits Traits = EndpointTraits.None);

/// <summary>
/// One provider's protocol: its endpoints, how it rejects a missing key, and how its errors look. Latency, faults,
/// logging and the synthetic label are the runner's job, so a new provider is one class.
/// </summary>
internal abstract class ProviderEmulator
{
    /// <summary>Provider name (see <see cref="SandboxProviders"/>).</summary>
    public abstract string Provider { get; }

    /// <summary>Path prefix under the sandbox root, ending with '/', that a client uses as its base URL.</summary>
    public abstract string BasePath { get; }

    public abstract IEnumerable<SandboxEndpoint> Endpoints { get; }

    /// <summary>The provider's answer to a request without a usable key, or null when the key is acceptable.</summary>
    public abstract SandboxResponse? Authenticate(SandboxCall call);

    /// <summary>The provider's answer for a status fault (rate limit, 5xx, out of credit, timeout after the hang).</summary>
    public abstract SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call);

    /// <summary>The provider's answer when the handler itself failed unexpectedly.</summary>
    public virtual SandboxResponse InternalError(SandboxCall call) => FaultResponse(SandboxFault.InternalServerError(), call);
}
