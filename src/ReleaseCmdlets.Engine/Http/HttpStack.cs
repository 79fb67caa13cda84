using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// The process-wide primary handlers (Microsoft.Extensions.Http's factory, which pools and renews them), built on first
/// use, never at import; each service client puts its own chain of handlers over them (<see cref="ClientPipeline"/>).
/// Four: the normal one and one that skips certificate checks for -SkipCertificateCheck, each in two kinds: one for
/// listings, which asks for compressed answers (gzip, deflate) and decompresses them, and one for the small requests of
/// a cancel, which does not (decompression costs each request a few percent of its time and saves nothing on a small body).
/// </summary>
internal static class HttpStack
{
    private const string Verified = "ReleaseCmdlets";
    private const string Unverified = "ReleaseCmdlets.SkipCertificateCheck";
    private const string Compressed = ".Compressed";

    private static readonly Lazy<IHttpMessageHandlerFactory> Factory = new(Build);

    public static HttpMessageHandler PrimaryHandler(bool skipCertificateCheck, bool compressed) =>
        Factory.Value.CreateHandler((skipCertificateCheck ? Unverified : Verified) + (compressed ? Compressed : ""));

    public static string UserAgent { get; } =
        $"ReleaseCmdlets/{typeof(HttpStack).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]} "
        + $"({RuntimeInformation.OSDescription.Trim()}; {RuntimeInformation.FrameworkDescription.Trim()})";

    private static IHttpMessageHandlerFactory Build()
    {
        var services = new ServiceCollection();
        foreach (bool compressed in new[] { false, true })
        {
            Register(services, Verified + (compressed ? Compressed : ""), skipCertificateCheck: false, compressed);
            Register(services, Unverified + (compressed ? Compressed : ""), skipCertificateCheck: true, compressed);
        }

        return services.BuildServiceProvider().GetRequiredService<IHttpMessageHandlerFactory>();
    }

    private static void Register(IServiceCollection services, string name, bool skipCertificateCheck, bool compressed) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(() => CreatePrimaryHandler(skipCertificateCheck, compressed))
            .RemoveAllLoggers(); // AttemptLogHandler reports each attempt; the factory's own logging handlers would only cost time.

    internal static HttpClientHandler CreatePrimaryHandler(bool skipCertificateCheck, bool compressed = false)
    {
        var handler = new HttpClientHandler
        {
            // Redirects are never followed: a credential header must not travel to wherever a Location points.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = compressed ? DecompressionMethods.GZip | DecompressionMethods.Deflate : DecompressionMethods.None,
            // .NET Framework allows 2 connections per host by default (loopback exempt): -ThrottleLimit 16 would run 2 at a
            // time against a real server. Set on this handler only, never process-wide.
            MaxConnectionsPerServer = RequestSettings.MaximumConcurrentRequests,
        };

        // The cmdlet assembly asks the same of the runtime (ModuleInitializer.IsNetFramework) before this one may load.
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            // Windows PowerShell 5.1: ask for TLS 1.2 on our handler only, leaving ServicePointManager alone.
            handler.SslProtocols = SslProtocols.Tls12;
        }

        if (skipCertificateCheck)
        {
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        }

        return handler;
    }
}
