using System.Globalization;
using System.Linq;
using System.Text;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The rate-limit headers as the vendors define them. Cloudflare sends the IETF draft's fields (draft-ietf-httpapi-
/// ratelimit-headers): <c>Ratelimit</c>, a list of named limits (<c>"default";r=50;t=30</c>: r requests left, the window
/// resets in t seconds), and <c>Ratelimit-Policy</c>, a list of named policies (<c>"burst";q=100;w=60</c>: q requests
/// per w seconds); each limit is matched to the policy of its name, never to another's (developers.cloudflare.com/
/// fundamentals/api/reference/limits). Items that do not parse, and policies counted in another unit than requests
/// (the draft's qu), are ignored. Cloud Controller sends X-RateLimit-Limit (the global limit), -Remaining (an estimate
/// in tenths of it) and -Reset (epoch seconds): cloud_controller_ng middleware/base_rate_limiter.rb.
/// </summary>
internal static class RateLimitHeaders
{
    public static IReadOnlyList<LimitReading> Limits(HttpResponseMessage response)
    {
        string? field = Joined(response, "Ratelimit");
        if (field is null)
        {
            return Array.Empty<LimitReading>();
        }

        var policies = new Dictionary<string, (int Quota, int Window)>(StringComparer.Ordinal);
        foreach ((string name, Dictionary<string, string> parameters) in Items(Joined(response, "Ratelimit-Policy") ?? ""))
        {
            if (Number(parameters, "q") is int q && q > 0 && Number(parameters, "w") is int w && w > 0
                && (!parameters.TryGetValue("qu", out string? unit) || unit == "requests") && !policies.ContainsKey(name))
            {
                policies[name] = (q, w);
            }
        }

        var readings = new List<LimitReading>();
        foreach ((string name, Dictionary<string, string> parameters) in Items(field))
        {
            if (Number(parameters, "r") is int r && Number(parameters, "t") is int t && readings.All(known => known.Name != name))
            {
                bool hasPolicy = policies.TryGetValue(name, out var policy);
                readings.Add(new LimitReading(
                    name, r, TimeSpan.FromSeconds(t), hasPolicy ? policy.Quota : null, hasPolicy ? TimeSpan.FromSeconds(policy.Window) : null));
            }
        }

        return readings;
    }

    public static CounterEstimate? Counter(HttpResponseMessage response) =>
        First(response, "X-RateLimit-Limit") is string limit && First(response, "X-RateLimit-Remaining") is string remaining
        && First(response, "X-RateLimit-Reset") is string reset
        && int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int global)
        && int.TryParse(remaining, NumberStyles.None, CultureInfo.InvariantCulture, out int left)
        && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch)
            ? new CounterEstimate(global, left, epoch)
            : null;

    /// <summary>The members of a structured-field list: each a name (a string or a token) and its parameters.</summary>
    internal static IEnumerable<(string Name, Dictionary<string, string> Parameters)> Items(string field)
    {
        foreach (string member in Split(field, ','))
        {
            List<string> parts = Split(member, ';');
            string name = Unquote(parts[0].Trim());
            if (name.Length == 0)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string part in parts.Skip(1))
            {
                int equals = part.IndexOf('=');
                string key = (equals < 0 ? part : part.Substring(0, equals)).Trim();
                if (key.Length > 0 && !parameters.ContainsKey(key))
                {
                    parameters[key] = equals < 0 ? "?1" : Unquote(part.Substring(equals + 1).Trim());
                }
            }

            yield return (name, parameters);
        }
    }

    private static int? Number(Dictionary<string, string> parameters, string key) =>
        parameters.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;

    /// <summary>Splits at a separator outside a quoted string.</summary>
    private static List<string> Split(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                quoted = !quoted;
            }

            if (c == separator && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"' ? value.Substring(1, value.Length - 2).Replace("\\\"", "\"").Replace("\\\\", "\\") : value;

    /// <summary>A field's lines joined as one list (a field may come as several header lines).</summary>
    private static string? Joined(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string? First(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
