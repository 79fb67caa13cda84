namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A request header's value made from a secret, made once per secret rather than per request: revealing a
/// SecureString copies it through unmanaged memory, which costs more than the rest of a request's header work. A new
/// secret (a refreshed token) makes a new value. No value that could break the header (<see cref="HeaderValue"/>) is made.
/// </summary>
internal sealed class SecretHeader
{
    private readonly Func<string, string> format;
    private readonly string what;
    private Entry? entry;

    public SecretHeader(Func<string, string> format, string what)
    {
        this.format = format;
        this.what = what;
    }

    public string For(Secret secret)
    {
        Entry? current = entry;
        if (current is null || !ReferenceEquals(current.Secret, secret))
        {
            // Checked here too, not only where the cmdlet took it: a renewed token comes from a service's answer.
            current = new Entry(secret, HeaderValue.Checked(format(secret.Reveal()), what));
            entry = current;
        }

        return current.Value;
    }

    private sealed class Entry
    {
        public Entry(Secret secret, string value)
        {
            Secret = secret;
            Value = value;
        }

        public Secret Secret { get; }

        public string Value { get; }
    }
}
