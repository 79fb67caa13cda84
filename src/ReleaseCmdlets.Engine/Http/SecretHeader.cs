using System;

namespace ReleaseCmdlets.Http;

/// <summary>
/// A request header's value made from a secret, made once per secret rather than per request: revealing a
/// SecureString copies it through unmanaged memory, which costs more than the rest of a request's header work. A new
/// secret (a refreshed token) makes a new value.
/// </summary>
internal sealed class SecretHeader
{
    private readonly Func<string, string> format;
    private Entry? entry;

    public SecretHeader(Func<string, string> format) => this.format = format;

    public string For(Secret secret)
    {
        Entry? current = entry;
        if (current is null || !ReferenceEquals(current.Secret, secret))
        {
            current = new Entry(secret, format(secret.Reveal()));
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
