using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Sandbox.Hosting;
using Leadora.Sandbox.World;
using Microsoft.AspNetCore.Http;

namespace Leadora.Sandbox.Providers.Serper;

/// <summary>
/// Serper (google.serper.dev) under <c>/serper</c>: <c>/places</c> (10 a page; phone, website and place id often
/// absent), <c>/maps</c> (20 a page; full rows), <c>/search</c> (organic results). Bodies may be one query or an array
/// of queries. Errors use Serper's <c>{"message","statusCode"}</c> body.
/// </summary>
internal sealed class SerperEmulator : ProviderEmulator
{
    private const int PlacesPageSize = 10;
    private const int MapsPageSize = 20;

    private static readonly string[] WeekDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private readonly SyntheticWorld _world;

    public SerperEmulator(SyntheticWorld world) => _world = world;

    public override string Provider => SandboxProviders.Serper;

    public override string BasePath => "serper/";

    public override IEnumerable<SandboxEndpoint> Endpoints =>
    [
        new("POST", "/serper/places", call => Handle(call, Places)),
        new("POST", "/serper/maps", call => Handle(call, Maps)),
        new("POST", "/serper/search", call => Handle(call, Search)),
    ];

    public override SandboxResponse? Authenticate(SandboxCall call) =>
        call.Header("X-API-KEY") is not { } key || string.IsNullOrWhiteSpace(key) || key.StartsWith("invalid", StringComparison.OrdinalIgnoreCase)
            ? Error(StatusCodes.Status403Forbidden, "Unauthorized.")
            : null;

    public override SandboxResponse FaultResponse(SandboxFault fault, SandboxCall call) => fault.Kind switch
    {
        SandboxFaultKind.RateLimit => Error(StatusCodes.Status429TooManyRequests, "Too many requests", new Dictionary<string, string>
        {
            ["Retry-After"] = ((long)Math.Ceiling(fault.EffectiveRetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        }),
        SandboxFaultKind.OutOfCredit => Error(StatusCodes.Status400BadRequest, "Not enough credits"),
        SandboxFaultKind.ServiceUnavailable => Error(StatusCodes.Status503ServiceUnavailable, "Service Unavailable"),
        SandboxFaultKind.Timeout => Error(StatusCodes.Status504GatewayTimeout, "Gateway Timeout"),
        _ => Error(StatusCodes.Status500InternalServerError, "Internal server error"),
    };

    private static SandboxResponse Handle(SandboxCall call, Func<SerperQuery, JsonObject> render)
    {
        switch (call.Json)
        {
            case JsonObject single:
                return SerperQuery.TryRead(single, out var query, out var problem)
                    ? SandboxResponse.Json(StatusCodes.Status200OK, SandboxJson.Labelled(render(query)))
                    : Error(StatusCodes.Status400BadRequest, problem);
            case JsonArray batch when batch.Count > 0:
                var results = new JsonArray();
                foreach (var item in batch)
                {
                    if (item is not JsonObject obj || !SerperQuery.TryRead(obj, out var batchQuery, out var batchProblem))
                    {
                        return Error(StatusCodes.Status400BadRequest, item is JsonObject ? SerperQuery.ProblemOf(item) : "Invalid request body");
                    }

                    results.Add(SandboxJson.Labelled(render(batchQuery)));
                }

                return SandboxResponse.Json(StatusCodes.Status200OK, results);
            default:
                return Error(StatusCodes.Status400BadRequest, "Invalid request body");
        }
    }

    private JsonObject Places(SerperQuery query)
    {
        var rows = new JsonArray();
        var position = 1;
        foreach (var business in _world.SearchPlaces(query.Q, query.Gl, query.Location, query.Page, query.Num ?? PlacesPageSize))
        {
            var row = new JsonObject
            {
                ["position"] = position++,
                ["title"] = business.Name,
                ["address"] = business.ShortAddress,
                ["latitude"] = business.Latitude,
                ["longitude"] = business.Longitude,
            };
            if (business.Rating is { } rating)
            {
                row["rating"] = rating;
                row["ratingCount"] = business.RatingCount;
            }

            row["category"] = business.Category;
            if (business.PhoneInPlaces)
            {
                row["phoneNumber"] = business.FormatVariant ? business.PhoneNational : business.PhoneInternational;
            }

            if (business.WebsiteInPlaces)
            {
                row["website"] = business.FormatVariant ? business.WebsiteVariant : business.Website;
            }

            row["cid"] = business.Cid;
            if (business.PlaceIdInPlaces)
            {
                row["placeId"] = business.PlaceId;
            }

            rows.Add(row);
        }

        var body = new JsonObject { ["searchParameters"] = query.Parameters("places", query.Num ?? PlacesPageSize), ["places"] = rows, ["credits"] = 1 };
        return body;
    }

    private JsonObject Maps(SerperQuery query)
    {
        var rows = new JsonArray();
        var businesses = _world.SearchPlaces(query.Q, query.Gl, query.Location, query.Page, MapsPageSize);
        var position = 1;
        foreach (var business in businesses)
        {
            var row = new JsonObject
            {
                ["position"] = position++,
                ["title"] = business.MapsTitle,
                ["address"] = business.Address,
                ["latitude"] = business.Latitude,
                ["longitude"] = business.Longitude,
            };
            if (business.Rating is { } rating)
            {
                row["rating"] = rating;
                row["ratingCount"] = business.RatingCount;
            }

            row["type"] = business.Category;
            row["types"] = new JsonArray(business.Types.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            if (business.Website is not null)
            {
                row["website"] = business.Website;
            }

            row["phoneNumber"] = business.PhoneInternational;
            if (OpeningHours(business) is { } hours)
            {
                row["openingHours"] = hours;
            }

            row["cid"] = business.Cid;
            row["fid"] = business.Fid;
            row["placeId"] = business.PlaceId;
            rows.Add(row);
        }

        var body = new JsonObject { ["searchParameters"] = query.Parameters("maps", query.Num ?? 10) };
        if (businesses.Count > 0)
        {
            body["ll"] = TextUtil.Inv($"@{businesses.Average(b => b.Latitude):0.0######},{businesses.Average(b => b.Longitude):0.0######},11z");
        }

        body["places"] = rows;
        body["credits"] = 3;
        return body;
    }

    private JsonObject Search(SerperQuery query)
    {
        var num = query.Num ?? 10;
        var rows = new JsonArray();
        var position = 1;
        foreach (var result in _world.SearchWeb(query.Q, query.Gl, query.Page, num))
        {
            var row = new JsonObject { ["title"] = result.Title, ["link"] = result.Link, ["snippet"] = result.Snippet };
            if (result.Date is not null)
            {
                row["date"] = result.Date;
            }

            row["position"] = position++;
            rows.Add(row);
        }

        return new JsonObject { ["searchParameters"] = query.Parameters("search", num), ["organic"] = rows, ["credits"] = num > 10 ? 2 : 1 };
    }

    private static JsonObject? OpeningHours(SyntheticBusiness business)
    {
        if (business.HoursKind == 0)
        {
            return null;
        }

        var hours = new JsonObject();
        foreach (var day in WeekDays)
        {
            hours[day] = business.HoursKind switch
            {
                2 => "Open 24 hours",
                3 => day is "Friday" ? "Closed" : day is "Saturday" ? "8 AM–1 PM" : "7:30 AM–4:30 PM",
                _ => day is "Saturday" or "Sunday" ? "Closed" : "8 AM–5 PM",
            };
        }

        return hours;
    }

    private static SandboxResponse Error(int status, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        SandboxResponse.Json(status, SandboxJson.Labelled(new JsonObject { ["message"] = message, ["statusCode"] = status }), headers: headers);

    /// <summary>A Serper request body: <c>{q, gl, hl, num, page, location, autocorrect}</c>.</summary>
    private sealed record SerperQuery(string Q, string Gl, string? Hl, int? Num, int Page, string? Location, bool? Autocorrect, bool GlGiven)
    {
        public static bool TryRead(JsonObject body, out SerperQuery query, out string problem)
        {
            query = null!;
            problem = ProblemOf(body);
            if (problem.Length > 0)
            {
                return false;
            }

            var gl = SandboxJson.String(body, "gl");
            query = new SerperQuery(
                SandboxJson.String(body, "q")!.Trim(),
                string.IsNullOrWhiteSpace(gl) ? "us" : gl.Trim().ToLowerInvariant(),
                SandboxJson.String(body, "hl"),
                Int(body["num"]),
                Int(body["page"]) ?? 1,
                SandboxJson.String(body, "location"),
                SandboxJson.Boolean(body, "autocorrect"),
                !string.IsNullOrWhiteSpace(gl));
            return true;
        }

        public static string ProblemOf(JsonNode body)
        {
            if (string.IsNullOrWhiteSpace(SandboxJson.String(body, "q")))
            {
                return "Missing query parameter: q";
            }

            if (body["num"] is { } num && Int(num) is not (>= 1 and <= 100))
            {
                return "Invalid num: must be between 1 and 100";
            }

            if (body["page"] is { } page && Int(page) is not (>= 1 and <= 100))
            {
                return "Invalid page: must be between 1 and 100";
            }

            return "";
        }

        public JsonObject Parameters(string type, int num)
        {
            var parameters = new JsonObject { ["q"] = Q };
            if (GlGiven)
            {
                parameters["gl"] = Gl;
            }

            if (Hl is not null)
            {
                parameters["hl"] = Hl;
            }

            if (Location is not null)
            {
                parameters["location"] = Location;
            }

            parameters["type"] = type;
            parameters["num"] = num;
            if (Autocorrect is { } autocorrect)
            {
                parameters["autocorrect"] = autocorrect;
            }

            parameters["page"] = Page;
            parameters["engine"] = "google";
            return parameters;
        }

        private static int? Int(JsonNode? node) => node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() % 1 == 0 => (int)v.GetValue<double>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
