using System.Text.Json;

namespace ReleaseCmdlets.Simulator.Simulation;

/// <summary>
/// BuildMaster-style input: keys from the query string and the body (JSON or form); a key given twice is an error,
/// as BuildMaster documents ("duplicate keys will result in a failed request (400 status)").
/// </summary>
public sealed class RequestInput
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    public string? DuplicateKey { get; private set; }

    public string? Error { get; private set; }

    public static async Task<RequestInput> ReadAsync(HttpRequest request)
    {
        var input = new RequestInput();
        foreach (var pair in request.Query)
        {
            input.Add(pair.Key, pair.Value.ToString());
        }

        if (request.HasFormContentType)
        {
            foreach (var pair in await request.ReadFormAsync())
            {
                input.Add(pair.Key, pair.Value.ToString());
            }
        }
        else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            string body = await new StreamReader(request.Body).ReadToEndAsync();
            if (!string.IsNullOrWhiteSpace(body))
            {
                try
                {
                    using var document = JsonDocument.Parse(body);
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        input.Add(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
                    }
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException)
                {
                    input.Error = "The request body is not a JSON object.";
                }
            }
        }

        return input;
    }

    public string? this[string key] => values.TryGetValue(key, out var value) ? value : null;

    public bool Has(string key) => values.ContainsKey(key);

    private void Add(string key, string value)
    {
        if (!values.TryAdd(key, value))
        {
            DuplicateKey ??= key;
        }
    }
}
