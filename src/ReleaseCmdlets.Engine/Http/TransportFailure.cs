using System.Security.Authentication;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>What a failure to exchange anything with the server says about the cause.</summary>
internal static class TransportFailure
{
    /// <summary>The certificate problem behind a failed TLS handshake (its message), or null when the failure is another.</summary>
    public static string? CertificateProblem(Exception failure)
    {
        for (Exception? link = failure; link is not null; link = link.InnerException)
        {
            if (link is AuthenticationException authentication)
            {
                return authentication.Message;
            }
        }

        return null;
    }

    /// <summary>
    /// A failure's message for users: .NET puts the proxy's address into some messages, user info included
    /// ("The proxy tunnel request to proxy 'http://user:pass@host/' failed …"), and ends some with a stray quote.
    /// </summary>
    public static string Describe(Exception failure)
    {
        string message = failure.GetBaseException().Message;
        message = System.Text.RegularExpressions.Regex.Replace(message, @"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s'""]+@", "${scheme}");
        return message.EndsWith(".\"", StringComparison.Ordinal) ? message.Substring(0, message.Length - 1) : message;
    }
}
