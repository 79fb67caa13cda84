using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using ReleaseCmdlets.Tests.Loading;

namespace ReleaseCmdlets.Tests.Contracts;

/// <summary>
/// A vendor's OpenAPI document (tests/Contracts) as the contract tests use it: the schema of an operation's answer, made
/// strict so that a member the contract does not define fails, and the operation a request is for, if any.
/// </summary>
internal sealed class OpenApiContract
{
    private static readonly string[] Compositions = { "allOf", "anyOf", "oneOf" };
    private readonly JsonObject document;
    private readonly JsonObject strictSchemas;

    private OpenApiContract(JsonObject document)
    {
        this.document = document;
        strictSchemas = (JsonObject)Strict(document["components"]!["schemas"]!.DeepClone(), insideComposition: false);
    }

    public static OpenApiContract Load(string relativePath) =>
        new((JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(DependencyResolverTests.RepoRoot(), "tests", "Contracts", relativePath)))!);

    /// <summary>The named component schema, strict.</summary>
    public JsonObject Schema(string name) =>
        (JsonObject)(strictSchemas[name] ?? throw new ArgumentException($"The contract has no schema {name}."));

    /// <summary>Validates a JSON body against the schema of an operation's answer (path template as the contract writes it).</summary>
    public EvaluationResults ValidateAnswer(string method, string pathTemplate, int status, string body)
    {
        JsonObject operation = Operation(method, pathTemplate);
        JsonNode answer = Resolve(operation["responses"]?[status.ToString()] ?? throw new ArgumentException($"{method} {pathTemplate} documents no {status}."));
        JsonNode schema = answer["content"]?["application/json"]?["schema"] ?? throw new ArgumentException($"{method} {pathTemplate} {status} has no JSON schema.");
        return Validate(schema, body);
    }

    /// <summary>Validates a JSON body against a component schema.</summary>
    public EvaluationResults ValidateSchema(string name, string body) =>
        Validate(new JsonObject { ["$ref"] = $"#/components/schemas/{name}" }, body);

    /// <summary>
    /// The contract's word on a request: null when its method, path and query parameters are an operation of the contract,
    /// else what does not match.
    /// </summary>
    public string? Mismatch(string method, string path, string? query)
    {
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            if (!Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$"))
            {
                continue;
            }

            if (item![method.ToLowerInvariant()] is not JsonObject operation)
            {
                return $"{method} is not an operation of {template}";
            }

            var declared = Parameters(item).Concat(Parameters(operation))
                .Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToHashSet();
            var sent = (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => Uri.UnescapeDataString(pair.Split('=')[0]));
            string[] unknown = sent.Where(name => !declared.Contains(name)).ToArray();
            return unknown.Length == 0 ? null : $"{template} declares no query parameter {string.Join(", ", unknown)}";
        }

        return $"no path of the contract matches {path}";
    }

    /// <summary>The permission groups an operation accepts (Cloudflare's x-api-token-group).</summary>
    public IReadOnlyCollection<string> TokenGroups(string method, string pathTemplate) =>
        (Operation(method, pathTemplate)["x-api-token-group"] as JsonArray ?? new JsonArray()).Select(g => (string)g!).ToArray();

    private IEnumerable<JsonNode> Parameters(JsonNode holder) =>
        (holder["parameters"] as JsonArray ?? new JsonArray()).Select(p => Resolve(p!));

    private JsonObject Operation(string method, string pathTemplate) =>
        document["paths"]?[pathTemplate]?[method.ToLowerInvariant()] as JsonObject
        ?? throw new ArgumentException($"The contract has no {method} {pathTemplate}.");

    private JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"] is JsonValue reference)
        {
            JsonNode? target = document;
            foreach (string part in ((string)reference!).TrimStart('#', '/').Split('/'))
            {
                target = target?[part];
            }

            node = target ?? throw new ArgumentException($"Unresolved {reference}.");
        }

        return node;
    }

    private EvaluationResults Validate(JsonNode schema, string body)
    {
        var root = (JsonObject)Strict(schema.DeepClone(), insideComposition: false);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = strictSchemas.DeepClone();
        string text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/");
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema built = JsonSchema.FromText(text, options, new Uri($"https://contracts.invalid/{Guid.NewGuid():N}"));
        using JsonDocument instance = JsonDocument.Parse(body);
        return built.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    /// <summary>
    /// Every object schema with properties, or made of a composition, refuses members it does not define
    /// (unevaluatedProperties, which sees the members its allOf/anyOf parts define); the inline parts of a composition
    /// are left open, their parent being closed.
    /// </summary>
    private static JsonNode Strict(JsonNode node, bool insideComposition)
    {
        if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                if (item is not null)
                {
                    Strict(item, insideComposition);
                }
            }

            return node;
        }

        if (node is not JsonObject schema)
        {
            return node;
        }

        foreach (var (key, value) in schema.ToList())
        {
            switch (key)
            {
                case "properties" or "$defs" or "patternProperties" when value is JsonObject members:
                    foreach (var (_, member) in members)
                    {
                        if (member is not null)
                        {
                            Strict(member, insideComposition: false);
                        }
                    }

                    break;
                case "example" or "examples" or "default" or "enum" or "const" or "required":
                    break;
                default:
                    if (value is not null)
                    {
                        Strict(value, insideComposition: Compositions.Contains(key));
                    }

                    break;
            }
        }

        NullableBesideComposition(schema);
        bool open = schema.ContainsKey("additionalProperties") || schema.ContainsKey("unevaluatedProperties");
        if (!open && !insideComposition && (schema.ContainsKey("properties") || Compositions.Any(schema.ContainsKey)))
        {
            schema["unevaluatedProperties"] = false;
        }

        return node;
    }

    /// <summary>
    /// <c>{type: [string, null], allOf: [enum]}</c> is how a generator writes OpenAPI 3.0's <c>nullable</c> beside an
    /// <c>allOf</c> (Cloudflare's build_outcome): read literally the allOf refuses the null the type allows, which the
    /// schema's own words ("or null") and its answers contradict. Read as meant: null, or what the allOf says.
    /// </summary>
    private static void NullableBesideComposition(JsonObject schema)
    {
        if (schema["type"] is JsonArray types && types.Any(t => (string?)t == "null") && schema["allOf"] is JsonArray parts)
        {
            schema.Remove("allOf");
            types.Remove(types.First(t => (string?)t == "null"));
            var nonNull = new JsonObject { ["type"] = types.DeepClone(), ["allOf"] = parts };
            schema.Remove("type");
            schema["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, nonNull);
        }
    }

    public static string Describe(EvaluationResults results) =>
        string.Join("; ", Flatten(results).Where(r => r.Errors is { Count: > 0 })
            .SelectMany(r => r.Errors!.Select(e => $"{r.InstanceLocation}: {e.Value} ({r.EvaluationPath})")));

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results) =>
        new[] { results }.Concat((results.Details ?? new List<EvaluationResults>()).SelectMany(Flatten));
}
