using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The credentials given as parameters in this session (runspace), each kept for the one service URL it was given
/// for, once the service took it: Stop-InFlightRelease cancels objects listed there without them being passed again.
/// Never on an object (objects keep only their URL), never written anywhere, gone with the runspace. Another runspace
/// (a job, ForEach-Object -Parallel, another hosted engine) has its own.
/// </summary>
internal static class SessionCredentials
{
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, object>> BySession = new();
    private static readonly object NoRunspace = new();

    /// <summary>Keeps the credential for the URL (the last one the service took wins).</summary>
    public static void Remember<TCredential>(string provider, Uri url, TCredential credential)
        where TCredential : class =>
        Current()[Key(provider, url)] = credential;

    /// <summary>The credential given in this session for exactly this URL, or null.</summary>
    public static TCredential? Find<TCredential>(string provider, Uri url)
        where TCredential : class =>
        Current().TryGetValue(Key(provider, url), out object? found) ? found as TCredential : null;

    private static ConcurrentDictionary<string, object> Current() =>
        BySession.GetValue((object?)Runspace.DefaultRunspace ?? NoRunspace, _ => new ConcurrentDictionary<string, object>(StringComparer.Ordinal));

    private static string Key(string provider, Uri url) => $"{provider} {url.AbsoluteUri}";
}
