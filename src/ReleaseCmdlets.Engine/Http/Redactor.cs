namespace ReleaseCmdlets.Engine.Http;

/// <summary>Removes credentials from text that may reach a user: URLs with user info, and known secret values.</summary>
public static class Redactor
{
    public const string Mask = "********";

    private static readonly string[] SecretQueryNames = { "key", "api_key", "apikey", "token", "access_token" };

    /// <summary>The URL as safe to print: no user info, and the values of credential-like query parameters masked.</summary>
    public static string Url(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return uri.ToString();
        }

        string left = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        string query = uri.Query;
        if (query.Length <= 1)
        {
            return left;
        }

        string[] pairs = query.Substring(1).Split('&');
        for (int i = 0; i < pairs.Length; i++)
        {
            int equals = pairs[i].IndexOf('=');
            string name = equals < 0 ? pairs[i] : pairs[i].Substring(0, equals);
            if (equals >= 0 && Array.IndexOf(SecretQueryNames, name.ToLowerInvariant()) >= 0)
            {
                pairs[i] = name + "=" + Mask;
            }
        }

        return left + "?" + string.Join("&", pairs);
    }

    /// <summary>Replaces every occurrence of any secret (and its "bearer "-less form) in the text.</summary>
    public static string Scrub(string? text, IEnumerable<string> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        string result = text!;
        foreach (string secret in secrets)
        {
            string bare = BearerToken.WithoutPrefix(secret);
            foreach (string form in new[] { secret, bare })
            {
                if (form.Length >= 4)
                {
                    result = Replace(result, form);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Like <see cref="Scrub"/>, for text that may have been cut: a secret's beginning standing at the very end (four
    /// characters of it or more) is masked too.
    /// </summary>
    public static string ScrubCut(string? text, IEnumerable<string> secrets)
    {
        string result = Scrub(text, secrets);
        foreach (string secret in secrets)
        {
            string bare = BearerToken.WithoutPrefix(secret);
            foreach (string form in new[] { secret, bare })
            {
                for (int length = Math.Min(form.Length - 1, result.Length); length >= 4; length--)
                {
                    if (string.CompareOrdinal(result, result.Length - length, form, 0, length) == 0)
                    {
                        result = result.Substring(0, result.Length - length) + Mask;
                        break;
                    }
                }
            }
        }

        return result;
    }

    private static string Replace(string text, string secret)
    {
        int index;
        while ((index = text.IndexOf(secret, StringComparison.Ordinal)) >= 0)
        {
            text = text.Substring(0, index) + Mask + text.Substring(index + secret.Length);
        }

        return text;
    }
}
