using System.Text.Json;

namespace Leadora.Providers.Tests.Replay;

/// <summary>
/// The shape of a JSON document: every path (arrays as <c>[]</c>) with the JSON type found there. Nulls count as absent,
/// as the adapters read them. <see cref="Diff"/> compares two shapes at the paths the adapters read.
/// </summary>
public static class JsonShape
{
    /// <summary>"path" → JSON types seen at it ("string", "number", "boolean", "object", "array").</summary>
    public static Dictionary<string, HashSet<string>> Of(JsonElement root)
    {
        var shape = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        Walk(root, "", shape);
        return shape;
    }

    public static Dictionary<string, HashSet<string>> Union(IEnumerable<Dictionary<string, HashSet<string>>> shapes)
    {
        var union = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var shape in shapes)
        {
            foreach (var (path, types) in shape)
            {
                if (!union.TryGetValue(path, out var seen))
                {
                    union[path] = seen = new HashSet<string>(StringComparer.Ordinal);
                }

                seen.UnionWith(types);
            }
        }

        return union;
    }

    /// <summary>
    /// Differences between a real shape and the sandbox's at the <paramref name="readPaths"/>: paths with other types,
    /// paths only the real answers have, and paths only the sandbox has. Empty when they agree.
    /// </summary>
    public static List<string> Diff(Dictionary<string, HashSet<string>> real, Dictionary<string, HashSet<string>> sandbox, IEnumerable<string> readPaths)
    {
        var differences = new List<string>();
        foreach (var path in readPaths)
        {
            var inReal = real.TryGetValue(path, out var realTypes);
            var inSandbox = sandbox.TryGetValue(path, out var sandboxTypes);
            if (inReal && inSandbox && !realTypes!.SetEquals(sandboxTypes!))
            {
                differences.Add($"{path}: real {string.Join("|", realTypes!.Order(StringComparer.Ordinal))}, sandbox {string.Join("|", sandboxTypes!.Order(StringComparer.Ordinal))}");
            }
            else if (inReal && !inSandbox)
            {
                differences.Add($"{path}: present in the real answers ({string.Join("|", realTypes!)}), absent in the sandbox's");
            }
            else if (!inReal && inSandbox)
            {
                differences.Add($"{path}: present in the sandbox's answer ({string.Join("|", sandboxTypes!)}), absent in every real answer");
            }
        }

        return differences;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, HashSet<string>> shape)
    {
        var type = element.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => null,
        };
        if (type is null)
        {
            return;
        }

        if (path.Length > 0)
        {
            if (!shape.TryGetValue(path, out var types))
            {
                shape[path] = types = new HashSet<string>(StringComparer.Ordinal);
            }

            types.Add(type);
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", shape);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, path + "[]", shape);
            }
        }
    }
}
