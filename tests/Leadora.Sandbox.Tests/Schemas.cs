using System.Text.Json.Nodes;

namespace Leadora.Sandbox.Tests;

/// <summary>Leadora-like schemas (what the pipeline's prompts send) and generic ones for the generator.</summary>
internal static class Schemas
{
    public const string BusinessPersonas = """
    {
      "type": "object",
      "properties": {
        "personas": {
          "type": "array", "minItems": 4, "maxItems": 4,
          "items": {
            "type": "object",
            "properties": {
              "title": { "type": "string" },
              "description": { "type": "string" },
              "demographics": {
                "type": "object",
                "properties": { "industry": { "type": "string" }, "companySize": { "type": "string" }, "geography": { "type": "string" }, "revenue": { "type": "string" } },
                "required": ["industry", "companySize", "geography", "revenue"], "additionalProperties": false
              },
              "characteristics": {
                "type": "object",
                "properties": {
                  "painPoints": { "type": "array", "items": { "type": "string" } },
                  "motivations": { "type": "array", "items": { "type": "string" } },
                  "challenges": { "type": "array", "items": { "type": "string" } },
                  "decisionFactors": { "type": "array", "items": { "type": "string" } }
                },
                "required": ["painPoints", "motivations", "challenges", "decisionFactors"], "additionalProperties": false
              },
              "behaviors": {
                "type": "object",
                "properties": { "buyingProcess": { "type": "string" }, "decisionTimeline": { "type": "string" }, "budgetRange": { "type": "string" }, "preferredChannels": { "type": "array", "items": { "type": "string" } } },
                "required": ["buyingProcess", "decisionTimeline", "budgetRange", "preferredChannels"], "additionalProperties": false
              },
              "marketPotential": {
                "type": "object",
                "properties": {
                  "estimatedCompanies": { "type": "integer", "minimum": 1 },
                  "estimatedAverageDealSizeUsd": { "type": "number", "minimum": 0 },
                  "estimatedConversionRate": { "type": "number", "minimum": 0, "maximum": 1 }
                },
                "required": ["estimatedCompanies", "estimatedAverageDealSizeUsd", "estimatedConversionRate"], "additionalProperties": false
              },
              "locations": { "type": "array", "items": { "type": "string" } },
              "searchPhrases": { "type": "array", "minItems": 3, "maxItems": 5, "items": { "type": "string" } },
              "placeCategories": { "type": "array", "items": { "type": "string" } }
            },
            "required": ["title", "description", "demographics", "characteristics", "behaviors", "marketPotential", "locations", "searchPhrases", "placeCategories"],
            "additionalProperties": false
          }
        }
      },
      "required": ["personas"],
      "additionalProperties": false
    }
    """;

    public const string DecisionMakerPersonas = """
    {
      "type": "object",
      "properties": {
        "personas": {
          "type": "array", "minItems": 3, "maxItems": 3,
          "items": {
            "type": "object",
            "properties": {
              "title": { "type": "string" },
              "description": { "type": "string" },
              "demographics": {
                "type": "object",
                "properties": { "level": { "type": "string" }, "department": { "type": "string" }, "experience": { "type": "string" }, "geography": { "type": "string" } },
                "required": ["level", "department", "experience", "geography"], "additionalProperties": false
              },
              "marketPotential": {
                "type": "object",
                "properties": {
                  "estimatedDecisionMakers": { "type": "integer" },
                  "estimatedInfluence": { "type": "integer", "minimum": 0, "maximum": 100 },
                  "estimatedConversionRate": { "type": "number", "minimum": 0, "maximum": 1 }
                },
                "required": ["estimatedDecisionMakers", "estimatedInfluence", "estimatedConversionRate"], "additionalProperties": false
              },
              "jobTitles": { "type": "array", "minItems": 2, "maxItems": 4, "items": { "type": "string" } }
            },
            "required": ["title", "description", "demographics", "marketPotential", "jobTitles"],
            "additionalProperties": false
          }
        }
      },
      "required": ["personas"],
      "additionalProperties": false
    }
    """;

    /// <summary>A market schema whose citation arrays are constrained to the retrieved URLs.</summary>
    public static string Market(IReadOnlyList<string> urls)
    {
        var urlEnum = new JsonArray(urls.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()).ToJsonString();
        var size = $$"""
        {
          "type": ["object", "null"],
          "properties": {
            "valueUsd": { "type": ["number", "null"] },
            "display": { "type": "string" },
            "method": { "type": "string" },
            "sourceUrls": { "type": "array", "items": { "type": "string", "enum": {{urlEnum}} } }
          },
          "required": ["valueUsd", "display", "method", "sourceUrls"],
          "additionalProperties": false
        }
        """;
        return $$"""
        {
          "type": "object",
          "properties": {
            "evidence": { "type": "string", "enum": ["grounded", "insufficient"] },
            "summary": { "type": "string" },
            "tam": {{size}},
            "sam": {{size}},
            "som": {{size}},
            "competitors": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": { "name": { "type": "string" }, "metric": { "type": "string" }, "notes": { "type": "string" }, "sourceUrls": { "type": "array", "minItems": 1, "items": { "type": "string", "enum": {{urlEnum}} } } },
                "required": ["name", "metric", "notes", "sourceUrls"], "additionalProperties": false
              }
            },
            "trends": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "statement": { "type": "string" },
                  "confidence": { "type": "string", "enum": ["low", "medium", "high"] },
                  "horizonYears": { "type": "integer", "minimum": 1, "maximum": 10 },
                  "sourceUrls": { "type": "array", "minItems": 1, "items": { "type": "string", "enum": {{urlEnum}} } }
                },
                "required": ["statement", "confidence", "horizonYears", "sourceUrls"], "additionalProperties": false
              }
            },
            "opportunities": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": { "title": { "type": "string" }, "description": { "type": "string" }, "sourceUrls": { "type": "array", "items": { "type": "string", "enum": {{urlEnum}} } } },
                "required": ["title", "description", "sourceUrls"], "additionalProperties": false
              }
            },
            "assumptions": { "type": "array", "items": { "type": "string" } },
            "methodology": { "type": "string" }
          },
          "required": ["evidence", "summary", "tam", "sam", "som", "competitors", "trends", "opportunities", "assumptions", "methodology"],
          "additionalProperties": false
        }
        """;
    }

    public static string Tiebreak(IReadOnlyList<string> ids)
    {
        var idEnum = new JsonArray(ids.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()).ToJsonString();
        return $$"""
        {
          "type": "object",
          "properties": { "personaId": { "type": "string", "enum": {{idEnum}} }, "reason": { "type": "string" } },
          "required": ["personaId", "reason"],
          "additionalProperties": false
        }
        """;
    }

    /// <summary>Exercises refs, unions, anyOf, const, enum, bounds and lengths.</summary>
    public const string Generic = """
    {
      "type": "object",
      "definitions": {
        "contact": {
          "type": "object",
          "properties": {
            "name": { "type": "string", "minLength": 3, "maxLength": 12 },
            "email": { "type": "string", "format": "email" },
            "kind": { "const": "contact" }
          },
          "required": ["name", "email", "kind"],
          "additionalProperties": false
        }
      },
      "properties": {
        "id": { "type": "string", "format": "uuid" },
        "count": { "type": "integer", "minimum": 7, "maximum": 9 },
        "ratio": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.5 },
        "flag": { "type": "boolean" },
        "status": { "type": "string", "enum": ["new", "open", "closed"] },
        "note": { "type": ["string", "null"] },
        "primary": { "$ref": "#/definitions/contact" },
        "others": { "type": "array", "minItems": 2, "maxItems": 2, "items": { "$ref": "#/definitions/contact" } },
        "either": { "anyOf": [ { "type": "integer", "minimum": 100 }, { "type": "null" } ] },
        "matrix": { "type": "array", "minItems": 1, "items": { "type": "array", "minItems": 2, "items": { "type": "number", "maximum": -1 } } },
        "tags": { "type": "array", "maxItems": 0, "items": { "type": "string" } },
        "code": { "type": "string", "minLength": 40 }
      },
      "required": ["id", "count", "ratio", "flag", "status", "note", "primary", "others", "either", "matrix", "tags", "code"],
      "additionalProperties": false
    }
    """;

    /// <summary>Recursive definitions, anyOf of objects and a nullable object (NJsonSchema resolves "definitions", not "$defs").</summary>
    public const string Recursive = """
    {
      "type": "object",
      "definitions": {
        "node": {
          "type": "object",
          "properties": {
            "label": { "type": "string" },
            "children": { "type": "array", "items": { "$ref": "#/definitions/node" } }
          },
          "required": ["label", "children"],
          "additionalProperties": false
        }
      },
      "properties": {
        "tree": { "$ref": "#/definitions/node" },
        "choice": { "anyOf": [ { "type": "object", "properties": { "a": { "type": "string" } }, "required": ["a"], "additionalProperties": false }, { "type": "object", "properties": { "b": { "type": "integer" } }, "required": ["b"], "additionalProperties": false } ] },
        "maybe": { "type": ["object", "null"], "properties": { "x": { "type": "number" } }, "required": ["x"], "additionalProperties": false },
        "items": { "type": "array", "uniqueItems": true, "minItems": 2, "items": { "type": "string", "enum": ["a", "b", "c"] } }
      },
      "required": ["tree", "choice", "maybe", "items"],
      "additionalProperties": false
    }
    """;

    public const string RootArray = """
    { "type": "array", "minItems": 2, "maxItems": 3, "items": { "type": "object", "properties": { "name": { "type": "string" }, "score": { "type": "integer", "minimum": 0, "maximum": 5 } }, "required": ["name", "score"] } }
    """;

    public static JsonObject Parse(string schema) => JsonNode.Parse(schema)!.AsObject();
}
