using System.Runtime.InteropServices;
using System.Security;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// A credential held as a <see cref="SecureString"/>; its plain text exists only while a request header is built.
/// <see cref="ToString"/> never shows it.
/// </summary>
public sealed class Secret
{
    private readonly SecureString value;

    public Secret(SecureString value)
    {
        this.value = value.Copy();
        this.value.MakeReadOnly();
    }

    public static Secret FromPlainText(string text)
    {
        var secure = new SecureString();
        foreach (char c in text)
        {
            secure.AppendChar(c);
        }

        return new Secret(secure);
    }

    /// <summary>The plain text, for a request header or for scrubbing it out of messages; never for display.</summary>
    public string Reveal()
    {
        IntPtr pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            return Marshal.PtrToStringUni(pointer) ?? "";
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    public override string ToString() => "********";
}
