using System.Diagnostics;

namespace Leadora;

/// <summary>
/// The OpenTelemetry GenAI semantic conventions (<c>gen_ai.*</c>) for LLM and embedding calls, set beside Leadora's own
/// <c>leadora.*</c> tags so standard GenAI dashboards read Leadora's spans and metrics. Places and web-search calls are
/// not GenAI operations and carry only Leadora's names.
/// </summary>
internal static class GenAiConventions
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";

    /// <summary>The older name of <see cref="ProviderName"/>; still read by many back ends, so both are set.</summary>
    public const string System = "gen_ai.system";

    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";

    /// <summary>The GenAI operation of one of Leadora's operations (<c>chat.primary</c> → <c>chat</c>), or null when it is none.</summary>
    public static string? Operation(string operation) =>
        operation.StartsWith("chat", StringComparison.Ordinal) ? "chat"
        : operation == "embeddings" ? "embeddings"
        : null;

    /// <summary>The convention's well-known provider name (<c>gemini</c> → <c>gcp.gemini</c>); other names pass through.</summary>
    public static string Provider(string provider) => provider switch
    {
        "gemini" => "gcp.gemini",
        _ => provider,
    };

    /// <summary>Tags a provider-call span at its start.</summary>
    public static void OnStart(Activity? activity, string genAiOperation, string provider, string? model)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OperationName, genAiOperation);
        activity.SetTag(ProviderName, Provider(provider));
        activity.SetTag(System, Provider(provider));
        if (model is not null)
        {
            activity.SetTag(RequestModel, model);
        }
    }

    /// <summary>The metric attributes of one GenAI call.</summary>
    public static KeyValuePair<string, object?>[] Tags(string genAiOperation, string provider, string? requestModel, string? responseModel, Exception? error)
    {
        var tags = new List<KeyValuePair<string, object?>>(6)
        {
            new(OperationName, genAiOperation),
            new(ProviderName, Provider(provider)),
        };
        if (requestModel is not null)
        {
            tags.Add(new(RequestModel, requestModel));
        }

        if (responseModel is not null)
        {
            tags.Add(new(ResponseModel, responseModel));
        }

        if (error is not null)
        {
            tags.Add(new(ErrorType, ErrorTypeOf(error)));
        }

        return [.. tags];
    }

    /// <summary>The convention's <c>error.type</c>: the provider error kind when known, else the exception type.</summary>
    public static string ErrorTypeOf(Exception error) =>
        error is Ports.ProviderException provider ? provider.Kind.ToString() : error.GetType().FullName ?? error.GetType().Name;
}
