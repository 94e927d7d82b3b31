using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Llm;

/// <summary>A location in the generated document: property names and array indices from the root.</summary>
internal sealed record GenPath(GenPath? Parent, string? Name, int Index)
{
    public static readonly GenPath Root = new(null, null, -1);

    public GenPath Property(string name) => new(this, name, -1);

    public GenPath Item(int index) => new(this, null, index);

    /// <summary>The nearest property name (skipping array indices).</summary>
    public string? NearestName => Name ?? Parent?.NearestName;

    /// <summary>The property name above the nearest one.</summary>
    public string? ParentName => (Name is not null ? Parent : Parent?.AncestorWithName())?.NearestName;

    /// <summary>The outermost array index (for example which persona), or 0.</summary>
    public int OuterIndex => Parent?.OuterIndexOrNull() ?? (Index >= 0 ? Index : 0);

    /// <summary>The nearest array index, or 0.</summary>
    public int NearestIndex => Index >= 0 ? Index : Parent?.NearestIndex ?? 0;

    public override string ToString() => Parent is null ? "$" : Name is not null ? $"{Parent}.{Name}" : TextUtil.Inv($"{Parent}[{Index}]");

    private int? OuterIndexOrNull() => Parent?.OuterIndexOrNull() ?? (Index >= 0 ? Index : null);

    private GenPath? AncestorWithName() => Name is not null ? Parent : Parent?.AncestorWithName();
}

/// <summary>Supplies content for leaves the overlay does not cover.</summary>
internal interface IValueFiller
{
    string Text(GenPath path, JsonObject schema);

    double Number(GenPath path, JsonObject schema, bool integer);

    bool Boolean(GenPath path);

    /// <summary>Preferred number of items for an array without overlay.</summary>
    int ItemCount(GenPath path);

    /// <summary>Index of the preferred enum value, or -1 to let the generator choose.</summary>
    int PreferEnum(GenPath path, IReadOnlyList<JsonNode?> values);
}

/// <summary>
/// Generates a document that validates against a JSON Schema — the subset OpenAI strict mode and Gemini's
/// responseJsonSchema use: type (and type unions), properties, required, additionalProperties, items/prefixItems,
/// enum, const, min/maxItems, minimum/maximum (and exclusive forms), min/maxLength, format, anyOf/oneOf/allOf,
/// $defs/definitions/$ref. An overlay — a plain JSON tree of preferred values — conditions the content: overlay values
/// are used wherever they fit the schema and ignored where they do not, so the result stays valid by construction.
/// </summary>
internal sealed class SchemaGenerator
{
    private const int MaxDepth = 14;
    private const int ShallowDepth = 6;
    private const int DefaultItems = 3;

    private readonly JsonNode _root;
    private readonly IValueFiller _filler;

    public SchemaGenerator(JsonNode root, IValueFiller filler)
    {
        _root = root;
        _filler = filler;
    }

    /// <summary>Generates a document for the root schema.</summary>
    public JsonNode? Generate(JsonNode? overlay) => Generate(_root, Hint.Of(overlay), GenPath.Root, 0);

    /// <summary>Whether a schema can be satisfied at all (an empty enum or <c>false</c> cannot).</summary>
    public bool IsSatisfiable(JsonNode? schema, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return true;
        }

        if (schema is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        if (schema is not JsonObject obj)
        {
            return true;
        }

        obj = Resolve(obj);
        if (obj["enum"] is JsonArray values)
        {
            return values.Count > 0;
        }

        if (Branches(obj) is { } branches)
        {
            return branches.Any(b => IsSatisfiable(b, depth + 1));
        }

        return true;
    }

    private JsonNode? Generate(JsonNode? schema, Hint hint, GenPath path, int depth)
    {
        if (schema is JsonValue boolean && boolean.TryGetValue<bool>(out _))
        {
            schema = null;
        }

        if (schema is not JsonObject raw)
        {
            return hint.Present ? hint.Value?.DeepClone() : JsonValue.Create(_filler.Text(path, []));
        }

        var obj = Resolve(raw);
        if (obj.TryGetPropertyValue("const", out var constant))
        {
            return constant?.DeepClone();
        }

        if (obj["enum"] is JsonArray enumValues)
        {
            return PickEnum(enumValues.ToList(), hint, path, 0);
        }

        if (Branches(obj) is { } branches)
        {
            return Generate(ChooseBranch(branches, hint, depth), hint, path, depth + 1);
        }

        if (obj["allOf"] is JsonArray all)
        {
            return Generate(Merge(obj, all), hint, path, depth + 1);
        }

        var types = Types(obj);
        var type = ChooseType(types, hint);
        return type switch
        {
            "null" => null,
            "object" => GenerateObject(obj, hint, path, depth),
            "array" => GenerateArray(obj, hint, path, depth),
            "integer" => GenerateNumber(obj, hint, path, integer: true),
            "number" => GenerateNumber(obj, hint, path, integer: false),
            "boolean" => hint.Value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? b.DeepClone() : JsonValue.Create(_filler.Boolean(path)),
            _ => GenerateString(obj, hint, path),
        };
    }

    private JsonObject GenerateObject(JsonObject schema, Hint hint, GenPath path, int depth)
    {
        var result = new JsonObject();
        var overlay = hint.Value as JsonObject;
        var required = Strings(schema["required"]).ToHashSet(StringComparer.Ordinal);
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, propertySchema) in properties)
            {
                if (depth > MaxDepth && !required.Contains(name))
                {
                    continue;
                }

                result[name] = Generate(propertySchema, Hint.Lookup(overlay, name), path.Property(name), depth + 1);
            }
        }
        else if (overlay is not null && schema["additionalProperties"] is not JsonValue)
        {
            // A free-form object: keep the overlay's members, shaped by additionalProperties when it is a schema.
            foreach (var (name, value) in overlay)
            {
                result[name] = Generate(schema["additionalProperties"], Hint.Of(value), path.Property(name), depth + 1);
            }
        }

        return result;
    }

    private JsonArray GenerateArray(JsonObject schema, Hint hint, GenPath path, int depth)
    {
        var min = Int(schema["minItems"]) ?? 0;
        var max = Int(schema["maxItems"]) ?? int.MaxValue;
        var overlay = hint.Value as JsonArray;
        var prefix = schema["prefixItems"] as JsonArray;
        var itemSchema = schema["items"];
        var tailSatisfiable = itemSchema is null || IsSatisfiable(itemSchema);
        var itemEnum = itemSchema is JsonObject itemObj ? Resolve(itemObj)["enum"] as JsonArray : null;

        var count = overlay?.Count ?? _filler.ItemCount(path);
        if (depth > MaxDepth || (overlay is null && depth > ShallowDepth))
        {
            // Deep (often recursive) structures stay small, as a model's answer would.
            count = min;
        }

        if (itemEnum is not null && (schema["uniqueItems"]?.GetValueKind() == JsonValueKind.True || overlay is null))
        {
            count = Math.Min(count, itemEnum.Count);
        }

        count = Math.Clamp(count, min, Math.Max(min, max));
        if (!tailSatisfiable)
        {
            count = Math.Min(count, prefix?.Count ?? 0);
        }

        var result = new JsonArray();
        var seen = new List<JsonNode?>();
        var start = itemEnum is { Count: > 0 } ? (int)(StableHash.Of(0, path.ToString()) % (ulong)itemEnum.Count) : 0;
        for (var i = 0; i < count; i++)
        {
            var childSchema = prefix is not null && i < prefix.Count ? prefix[i] : itemSchema;
            var childHint = overlay is not null && i < overlay.Count ? Hint.Of(overlay[i]) : Hint.None;
            JsonNode? item;
            if (itemEnum is { Count: > 0 } && childSchema == itemSchema)
            {
                item = PickEnum(itemEnum.ToList(), childHint, path.Item(i), start + i);
                if (seen.Any(s => JsonNode.DeepEquals(s, item)))
                {
                    // Keep items distinct: real models rarely repeat a citation and uniqueItems may forbid it.
                    item = itemEnum.Select(v => v).FirstOrDefault(v => !seen.Any(s => JsonNode.DeepEquals(s, v)))?.DeepClone();
                    if (item is null)
                    {
                        break;
                    }
                }
            }
            else
            {
                item = Generate(childSchema, childHint, path.Item(i), depth + 1);
            }

            seen.Add(item);
            result.Add(item);
        }

        return result;
    }

    private JsonValue GenerateString(JsonObject schema, Hint hint, GenPath path)
    {
        var minLength = Int(schema["minLength"]) ?? 0;
        var maxLength = Int(schema["maxLength"]) ?? int.MaxValue;
        var pattern = schema["pattern"]?.GetValue<string>();
        var text = hint.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        if (text is null || !Fits(text, minLength, maxLength, pattern))
        {
            text = _filler.Text(path, schema);
        }

        if (text.Length < minLength)
        {
            text = text.PadRight(minLength, '.');
        }

        if (text.Length > maxLength)
        {
            text = text[..maxLength].TrimEnd();
            if (text.Length < minLength)
            {
                text = text.PadRight(minLength, '.');
            }
        }

        return JsonValue.Create(text);
    }

    private JsonValue GenerateNumber(JsonObject schema, Hint hint, GenPath path, bool integer)
    {
        double number;
        if (hint.Value is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            number = value.GetValue<double>();
        }
        else
        {
            number = _filler.Number(path, schema, integer);
        }

        var minimum = Double(schema["minimum"]);
        var maximum = Double(schema["maximum"]);
        var exclusiveMin = Double(schema["exclusiveMinimum"]);
        var exclusiveMax = Double(schema["exclusiveMaximum"]);
        var step = integer ? 1.0 : 0.01;
        if (exclusiveMin is { } xmin)
        {
            minimum = Math.Max(minimum ?? double.MinValue, xmin + step);
        }

        if (exclusiveMax is { } xmax)
        {
            maximum = Math.Min(maximum ?? double.MaxValue, xmax - step);
        }

        if (minimum is { } min && number < min)
        {
            number = min;
        }

        if (maximum is { } max && number > max)
        {
            number = max;
        }

        if (Double(schema["multipleOf"]) is { } multiple && multiple > 0)
        {
            number = Math.Round(number / multiple) * multiple;
            if (minimum is { } lower && number < lower)
            {
                number += multiple;
            }
        }

        if (integer)
        {
            var rounded = Math.Round(number);
            if (minimum is { } lower && rounded < lower)
            {
                rounded = Math.Ceiling(lower);
            }

            if (maximum is { } upper && rounded > upper)
            {
                rounded = Math.Floor(upper);
            }

            return JsonValue.Create((long)rounded);
        }

        return JsonValue.Create(Math.Round(number, 4));
    }

    private JsonNode? PickEnum(List<JsonNode?> values, Hint hint, GenPath path, int rotation)
    {
        if (values.Count == 0)
        {
            return null;
        }

        if (hint.Present)
        {
            foreach (var value in values)
            {
                if (JsonNode.DeepEquals(value, hint.Value) || (value is JsonValue v && hint.Value is JsonValue h && v.GetValueKind() == JsonValueKind.String && h.GetValueKind() == JsonValueKind.String
                    && string.Equals(v.GetValue<string>(), h.GetValue<string>(), StringComparison.OrdinalIgnoreCase)))
                {
                    return value?.DeepClone();
                }
            }
        }

        var preferred = _filler.PreferEnum(path, values);
        if (preferred >= 0 && preferred < values.Count)
        {
            return values[preferred]?.DeepClone();
        }

        var nonNull = values.Where(v => v is not null).ToList();
        if (nonNull.Count == 0)
        {
            return null;
        }

        var index = (int)((StableHash.Of(0, path.NearestName) + (ulong)Math.Max(0, rotation)) % (ulong)nonNull.Count);
        return nonNull[index]!.DeepClone();
    }

    private JsonNode? ChooseBranch(JsonArray branches, Hint hint, int depth)
    {
        var satisfiable = branches.Where(b => IsSatisfiable(b, depth + 1)).ToList();
        if (satisfiable.Count == 0)
        {
            return branches.FirstOrDefault();
        }

        if (hint.Present)
        {
            var kind = Kind(hint.Value);
            var match = satisfiable.FirstOrDefault(b => b is JsonObject o && BranchAccepts(Resolve(o), kind));
            if (match is not null)
            {
                return match;
            }
        }

        return satisfiable.FirstOrDefault(b => b is not JsonObject o || !Types(Resolve(o)).SequenceEqual(["null"])) ?? satisfiable[0];
    }

    private static bool BranchAccepts(JsonObject branch, string kind)
    {
        if (branch["enum"] is JsonArray || branch.ContainsKey("const"))
        {
            return kind != "null" || branch["enum"] is JsonArray e && e.Any(v => v is null);
        }

        var types = Types(branch);
        return types.Contains(kind) || (kind == "integer" && types.Contains("number")) || (kind == "number" && types.Contains("integer"));
    }

    private static string ChooseType(IReadOnlyList<string> types, Hint hint)
    {
        if (types.Count == 0)
        {
            return "string";
        }

        if (hint.Present)
        {
            var kind = Kind(hint.Value);
            if (types.Contains(kind))
            {
                return kind;
            }

            if (kind == "integer" && types.Contains("number"))
            {
                return "number";
            }

            if (kind == "number" && types.Contains("integer"))
            {
                return "integer";
            }
        }

        return types.FirstOrDefault(t => t != "null") ?? "null";
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => v.TryGetValue<long>(out _) || (v.TryGetValue<double>(out var d) && Math.Abs(d % 1) < double.Epsilon) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>Declared types, lower-cased (Gemini's OpenAPI-style "STRING" works too); inferred when absent.</summary>
    internal static IReadOnlyList<string> Types(JsonObject schema)
    {
        var declared = schema["type"] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>().ToLowerInvariant()],
            JsonArray array => array.Select(t => t?.GetValue<string>().ToLowerInvariant() ?? "null").ToList(),
            _ => new List<string>(),
        };
        if (declared.Count > 0)
        {
            if (schema["nullable"]?.GetValueKind() == JsonValueKind.True && !declared.Contains("null"))
            {
                declared.Add("null");
            }

            return declared;
        }

        return schema.ContainsKey("properties") ? ["object"]
            : schema.ContainsKey("items") || schema.ContainsKey("prefixItems") ? ["array"]
            : schema.ContainsKey("minimum") || schema.ContainsKey("maximum") ? ["number"]
            : ["string"];
    }

    private JsonObject Resolve(JsonObject schema)
    {
        var guard = 0;
        while (schema["$ref"] is JsonValue reference && reference.GetValueKind() == JsonValueKind.String && guard++ < 32)
        {
            var target = ResolvePointer(reference.GetValue<string>());
            if (target is not JsonObject targetObject)
            {
                break;
            }

            // Siblings of $ref (description, nullable…) stay; the target supplies the rest.
            var merged = (JsonObject)targetObject.DeepClone();
            foreach (var (name, value) in schema)
            {
                if (name != "$ref" && !merged.ContainsKey(name))
                {
                    merged[name] = value?.DeepClone();
                }
            }

            schema = merged;
        }

        return schema;
    }

    private JsonNode? ResolvePointer(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        JsonNode? node = _root;
        foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[name],
                JsonArray array when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static JsonArray? Branches(JsonObject schema) => schema["anyOf"] as JsonArray ?? schema["oneOf"] as JsonArray;

    private static JsonObject Merge(JsonObject schema, JsonArray all)
    {
        var merged = (JsonObject)schema.DeepClone();
        merged.Remove("allOf");
        foreach (var part in all.OfType<JsonObject>())
        {
            foreach (var (name, value) in part)
            {
                if (name == "properties" && merged["properties"] is JsonObject existing && value is JsonObject more)
                {
                    foreach (var (p, s) in more)
                    {
                        existing[p] = s?.DeepClone();
                    }
                }
                else if (name == "required" && merged["required"] is JsonArray required && value is JsonArray extra)
                {
                    foreach (var r in extra)
                    {
                        required.Add(r?.DeepClone());
                    }
                }
                else if (!merged.ContainsKey(name))
                {
                    merged[name] = value?.DeepClone();
                }
            }
        }

        return merged;
    }

    private static bool Fits(string text, int minLength, int maxLength, string? pattern)
    {
        if (text.Length < minLength || text.Length > maxLength)
        {
            return false;
        }

        if (pattern is null)
        {
            return true;
        }

        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(50));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.GetValue<string>()).OfType<string>() : [];

    private static int? Int(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? (int)value.GetValue<double>() : null;

    private static double? Double(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    /// <summary>An overlay value that may be present (possibly JSON null) or absent.</summary>
    private readonly record struct Hint(bool Present, JsonNode? Value)
    {
        public static readonly Hint None = new(false, null);

        public static Hint Of(JsonNode? value) => value is null ? None : new Hint(true, value);

        /// <summary>Finds a member by exact name, then by letters-and-digits key, then by a few synonyms.</summary>
        public static Hint Lookup(JsonObject? overlay, string name)
        {
            if (overlay is null)
            {
                return None;
            }

            if (overlay.TryGetPropertyValue(name, out var exact))
            {
                return new Hint(true, exact);
            }

            var key = TextUtil.Key(name);
            foreach (var (member, value) in overlay)
            {
                if (TextUtil.Key(member) == key)
                {
                    return new Hint(true, value);
                }
            }

            foreach (var synonym in Synonyms(key))
            {
                foreach (var (member, value) in overlay)
                {
                    if (TextUtil.Key(member) == synonym)
                    {
                        return new Hint(true, value);
                    }
                }
            }

            return None;
        }

        private static string[] Synonyms(string key) => key switch
        {
            "name" or "personatitle" or "role" or "rolename" => ["title"],
            "searchqueries" or "queries" or "keywords" or "searchterms" => ["searchphrases"],
            "categories" or "placetypes" or "googlecategories" => ["placecategories"],
            "titles" or "linkedintitles" or "jobtitlevariants" => ["jobtitles"],
            "sources" or "urls" or "citations" or "sourcelinks" => ["sourceurls"],
            "overview" or "executivesummary" => ["summary"],
            _ => [],
        };
    }
}
