using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>
/// The cf CLI's login session from its config file, renewed the way the cf CLI renews it before a request
/// (cloudfoundry/cli api/cloudcontroller/wrapper/uaa_authentication.go, refreshTokenIfNecessary): when the access token
/// expires within a minute, or is not a JWT with an exp claim. The grant is the CLI's (api/uaa/refresh_token.go): a
/// refresh token, or for a client login (cf auth --client-credentials) a new client_credentials token, posted to the
/// config's AuthorizationEndpoint, where the CLI routes /oauth/token (api/uaa/internal/routes.go), else UaaEndpoint.
/// After a 401 CF-InvalidAuthToken the module also renews once and sends the request again: its own choice, for a
/// token revoked early (the CLI's wrapper no longer retries a 401). The new tokens are written back to config.json,
/// as the CLI does, every other member kept as it was.
/// </summary>
/// <remarks>
/// The file is replaced atomically (a temporary file beside it, then a rename), so it is never half written. A lock
/// file beside it (config.json.lock, left in place) serialises refreshes across processes; inside the lock the file is
/// read again, and a token another process already refreshed is used instead of refreshing twice. A refused refresh
/// leaves the file untouched.
/// </remarks>
public sealed class CfConfigSession : CfCredential
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<Secret> seen = new();
    private readonly CfCliConfig config;
    private readonly RequestSettings settings;
    private Secret access;
    private Secret? refresh;
    private int generation;

    public CfConfigSession(CfCliConfig config, RequestSettings settings)
    {
        this.config = config;
        this.settings = settings;
        access = Remember(Secret.FromPlainText(config.AccessToken ?? throw new ArgumentException("The cf config holds no access token.", nameof(config))));
        refresh = config.RefreshToken is string token ? Remember(Secret.FromPlainText(token)) : null;
        // A client login's secret is sent to UAA on each renewal: known to the redaction boundary too.
        if (config.UaaClientSecret.Length > 0)
        {
            Remember(Secret.FromPlainText(config.UaaClientSecret));
        }
    }

    public override Secret Current => access;

    internal override bool Renews => true;

    public override IEnumerable<string> Secrets
    {
        get
        {
            lock (seen)
            {
                return seen.Select(secret => secret.Reveal()).ToList();
            }
        }
    }

    internal override async Task<int> EnsureFreshAsync(CancellationToken cancellationToken)
    {
        int used = Volatile.Read(ref generation);
        if (AccessTokenClaims.IsExpiring(access.Reveal(), DateTimeOffset.UtcNow))
        {
            await RefreshAsync(used, cancellationToken).ConfigureAwait(false);
        }

        return Volatile.Read(ref generation);
    }

    internal override async Task<bool> RenewAsync(int usedGeneration, CancellationToken cancellationToken)
    {
        await RefreshAsync(usedGeneration, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Refreshes unless a request of this process already did since generation <paramref name="used"/>.</summary>
    private async Task RefreshAsync(int used, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (generation != used)
            {
                return;
            }

            IDisposable? fileLock = await LockAsync(cancellationToken).ConfigureAwait(false);
            using (fileLock)
            {
                CfCliConfig? onDisk = ReadAgain();
                string stale = access.Reveal();
                if (onDisk?.AccessToken is string other && other != stale && !AccessTokenClaims.IsExpiring(other, DateTimeOffset.UtcNow))
                {
                    Adopt(other, onDisk.RefreshToken);
                    return;
                }

                CfCliConfig session = onDisk ?? config;
                string? refreshToken = session.IsClientLogin ? null : onDisk?.RefreshToken ?? refresh?.Reveal()
                    ?? throw ServiceException.Local(ServiceErrorKind.Unauthorized, $"The cf CLI session in {config.Path} has no refresh token. Run 'cf login' again, or pass -Token.");
                if (session.IsClientLogin && session.UaaClientSecret.Length == 0)
                {
                    throw ServiceException.Local(
                        ServiceErrorKind.Unauthorized,
                        $"The cf CLI session in {config.Path} is a client login (cf auth --client-credentials) whose token needs renewing, and the cf CLI keeps the client's id but not its secret (UAAOAuthClientSecret is empty). Run 'cf auth' again, or pass -Token.");
                }

                string uaaEndpoint = session.TokenEndpoint
                    ?? throw ServiceException.Local(ServiceErrorKind.Unauthorized, $"The cf CLI config {config.Path} names neither AuthorizationEndpoint nor UaaEndpoint to renew the token with. Run 'cf login' again, or pass -Token.");
                if (!Uri.TryCreate(uaaEndpoint, UriKind.Absolute, out Uri? tokenUrl) || tokenUrl.Scheme is not ("http" or "https"))
                {
                    throw ServiceException.Local(ServiceErrorKind.Unauthorized, $"The cf CLI config {config.Path} names a token endpoint that is not an http(s) URL. Run 'cf login' again, or pass -Token.");
                }

                if (CredentialTransport.Refuses(tokenUrl, settings.AllowUnencryptedAuthentication))
                {
                    throw ServiceException.Refused(
                        ServiceErrorKind.Unauthorized,
                        $"{CredentialTransport.Refusal(tokenUrl, "the cf CLI's refresh token or client secret")} (the token endpoint named in {config.Path}); nothing was sent.",
                        ErrorIds.UnencryptedAuthenticationRefused);
                }

                var uaa = new UaaClient(tokenUrl, session, settings);
                (string newAccess, string? newRefresh) = await uaa.RefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
                Remember(Secret.FromPlainText(newAccess));
                string keptRefresh = newRefresh ?? refreshToken ?? "";
                Adopt(newAccess, keptRefresh.Length == 0 ? null : keptRefresh);
                if (fileLock is not null)
                {
                    Save(newAccess, keptRefresh);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The lock that serialises refreshes across processes, waited for at most 30 s and never longer than -TimeoutSec.
    /// A lock held past that is this machine's state, not a defect: it is reported as busy, naming the file. A lock that
    /// cannot be made at all (a read-only folder) gives null: the token is then renewed in memory for this command only.
    /// </summary>
    private async Task<IDisposable?> LockAsync(CancellationToken cancellationToken)
    {
        string path = config.Path + ".lock";
        TimeSpan wait = settings.Timeout == Timeout.InfiniteTimeSpan || settings.Timeout > LockWait ? LockWait : settings.Timeout;
        try
        {
            return await ConfigFileLock.AcquireAsync(path, wait, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException busy) when (ConfigFileLock.IsHeld(busy))
        {
            throw ServiceException.Local(
                ServiceErrorKind.ResourceBusy,
                $"Another process has held the cf CLI's lock file {path} for {wait.TotalSeconds:0} s, so the access token could not be renewed.",
                errorId: CloudFoundryErrorIds.CliConfigBusy,
                cause: busy);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            settings.Log.Warning($"The cf CLI's lock file {path} cannot be made ({failure.Message}), so the renewed token is used for this command only and {config.Path} is left as it is.");
            return null;
        }
    }

    /// <summary>Reads the config again inside the lock; a file this machine will not give is reported as such.</summary>
    private CfCliConfig? ReadAgain()
    {
        try
        {
            return CfCliConfig.Load(config.Path);
        }
        catch (UnauthorizedAccessException denied)
        {
            throw ServiceException.Local(
                ServiceErrorKind.Forbidden,
                $"Access to the cf CLI's config file {config.Path} was denied, so it could not be read: check its owner and permissions.",
                errorId: CloudFoundryErrorIds.CliConfigAccessDenied,
                cause: denied);
        }
        catch (IOException failed)
        {
            throw ServiceException.Local(
                ServiceErrorKind.ServiceUnavailable,
                $"Could not read the cf CLI's config file {config.Path}: {failed.Message}",
                errorId: CloudFoundryErrorIds.CliConfigUnavailable,
                cause: failed);
        }
    }

    /// <summary>Writes the renewed tokens back; a file that cannot be written leaves them in memory for this command, with a warning.</summary>
    private void Save(string newAccess, string keptRefresh)
    {
        try
        {
            WriteTokens(config.Path, newAccess, keptRefresh);
            settings.Log.Verbose($"Renewed the cf CLI's access token and wrote it to {config.Path}.");
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            settings.Log.Warning($"Renewed the cf CLI's access token, but {config.Path} cannot be written ({failure.Message}): the new token is used for this command only.");
        }
    }

    private void Adopt(string newAccess, string? newRefresh)
    {
        access = Remember(Secret.FromPlainText(newAccess));
        refresh = newRefresh is null ? refresh : Remember(Secret.FromPlainText(newRefresh));
        Interlocked.Increment(ref generation);
    }

    private Secret Remember(Secret secret)
    {
        lock (seen)
        {
            seen.Add(secret);
        }

        return secret;
    }

    /// <summary>
    /// Replaces AccessToken and RefreshToken in the file, keeping every other member, atomically. A config.json that is a
    /// symbolic link (a dotfile manager's) is written through: the file it points to is replaced, the link kept.
    /// </summary>
    private static void WriteTokens(string linkOrFile, string accessToken, string refreshToken)
    {
        string path = FinalTarget(linkOrFile);
        JsonObject root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"The cf CLI config file {path} is not a JSON object.");
        root["AccessToken"] = accessToken;
        root["RefreshToken"] = refreshToken;

        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string temporary = Path.Combine(folder, $".config.json.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                KeepMode(temporary, path);
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    root.WriteTo(writer);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Replace(temporary, path, destinationBackupFileName: null);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string FinalTarget(string path)
    {
#if NET
        if (new FileInfo(path).LinkTarget is not null)
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
#endif
        return path;
    }

    /// <summary>The cf CLI writes config.json readable by its owner only (0600): the replacement keeps the original's mode.</summary>
    private static void KeepMode(string temporary, string original)
    {
#if NET
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(original));
        }
#endif
    }
}
