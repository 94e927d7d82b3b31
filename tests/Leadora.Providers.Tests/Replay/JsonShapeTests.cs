using System.Text.Json;

namespace Leadora.Providers.Tests.Replay;

/// <summary>The shape differ reports what the conformance tests rely on it to report.</summary>
public sealed class JsonShapeTests
{
    private static Dictionary<string, HashSet<string>> Shape(string json) => JsonShape.Of(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Paths_keep_array_levels_and_types_and_skip_nulls()
    {
        var shape = Shape("""{"places":[{"title":"A","rating":4.5,"cid":null,"types":["x"]},{"title":"B","rating":"n/a"}],"credits":1}""");

        Assert.Equal(["credits", "places", "places[]", "places[].rating", "places[].title", "places[].types", "places[].types[]"], shape.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["number", "string"], shape["places[].rating"].Order(StringComparer.Ordinal));
        Assert.False(shape.ContainsKey("places[].cid"));
    }

    [Fact]
    public void Diff_reports_missing_extra_and_retyped_paths_only_where_adapters_read()
    {
        var real = Shape("""{"places":[{"title":"A","cid":"123","latitude":1.5,"thumbnailUrl":"u"}]}""");
        var sandbox = Shape("""{"places":[{"title":"A","cid":123,"website":"w"}]}""");

        var differences = JsonShape.Diff(real, sandbox, ["places[].title", "places[].cid", "places[].latitude", "places[].website"]);

        Assert.Equal(
            [
                "places[].cid: real string, sandbox number",
                "places[].latitude: present in the real answers (number), absent in the sandbox's",
                "places[].website: present in the sandbox's answer (string), absent in every real answer",
            ],
            differences);
        Assert.Empty(JsonShape.Diff(real, real, ["places[].title", "places[].cid", "places[].latitude"]));
    }
}
