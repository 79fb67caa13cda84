using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>
/// What the cf CLI left in <c>$CF_HOME/.cf/config.json</c> after <c>cf login</c>: tokens, API endpoint, UAA endpoint
/// and client, target space. Read only; <see cref="CfConfigSession"/> writes refreshed tokens back.
/// </summary>
public sealed class CfCliConfig
{
    private CfCliConfig(string path, CliConfigDto dto)
    {
        Path = path;
        AccessToken = Blank(dto.AccessToken);
        RefreshToken = Blank(dto.RefreshToken);
        UaaEndpoint = Blank(dto.UaaEndpoint);
        AuthorizationEndpoint = Blank(dto.AuthorizationEndpoint);
        UaaClient = Blank(dto.UaaOAuthClient) ?? "cf";
        UaaClientSecret = dto.UaaOAuthClientSecret ?? "";
        UaaGrantType = Blank(dto.UaaGrantType);
        Target = Blank(dto.Target);
        SpaceGuid = Guid.TryParse(dto.SpaceFields?.Guid, out Guid guid) ? guid : null;
    }

    public string Path { get; }

    public string? AccessToken { get; }

    public string? RefreshToken { get; }

    public string? UaaEndpoint { get; }

    /// <summary>AuthorizationEndpoint: where the cf CLI posts /oauth/token (api/uaa/internal/routes.go, AuthorizationResource).</summary>
    public string? AuthorizationEndpoint { get; }

    /// <summary>Where tokens are renewed: AuthorizationEndpoint, as the cf CLI routes /oauth/token, else UaaEndpoint.</summary>
    public string? TokenEndpoint => AuthorizationEndpoint ?? UaaEndpoint;

    /// <summary>A client login (cf auth --client-credentials): renewed with grant_type=client_credentials, no refresh token.</summary>
    public bool IsClientLogin => string.Equals(UaaGrantType, "client_credentials", StringComparison.OrdinalIgnoreCase);

    /// <summary>UAAOAuthClient, default "cf" (the cf CLI's defaults).</summary>
    public string UaaClient { get; }

    /// <summary>UAAOAuthClientSecret, default empty.</summary>
    public string UaaClientSecret { get; }

    /// <summary>UAAGrantType: empty or "password" for a user, "client_credentials" for a client login.</summary>
    public string? UaaGrantType { get; }

    public string? Target { get; }

    public Guid? SpaceGuid { get; }

    /// <summary>The variable that moves the cf CLI's home, and so its config, elsewhere.</summary>
    public const string HomeVariable = "CF_HOME";

    /// <summary>The config file's location in this process's environment.</summary>
    public static string DefaultPath() =>
        PathFor(Environment.GetEnvironmentVariable, RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

    /// <summary>
    /// Where the cf CLI keeps its config: CF_HOME, else on Windows HOMEDRIVE+HOMEPATH, else USERPROFILE (HOME is ignored
    /// there: cloudfoundry/cli util/configv3/home_dir_windows.go), elsewhere HOME (home_dir_unix.go).
    /// </summary>
    public static string PathFor(Func<string, string?> environment, bool windows)
    {
        string? home = environment(HomeVariable);
        if (string.IsNullOrEmpty(home))
        {
            home = windows
                ? (environment("HOMEDRIVE") + environment("HOMEPATH")) is { Length: > 0 } drivePath ? drivePath : environment("USERPROFILE")
                : environment("HOME");
        }

        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return System.IO.Path.Combine(home!, ".cf", "config.json");
    }

    /// <summary>Reads the file; null when it does not exist. A file that is not the cf CLI's JSON throws <see cref="InvalidDataException"/>.</summary>
    public static CfCliConfig? Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"The cf CLI config {path} is a directory, not a file. Remove or rename it and run 'cf login' again, or pass -Url and -Token.");
        }

        if (!File.Exists(path))
        {
            return null;
        }

        string text = File.ReadAllText(path);
        CliConfigDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(text, CloudFoundryJsonContext.Default.CliConfigDto);
        }
        catch (JsonException ex) when (IsJson(text))
        {
            throw new InvalidDataException($"The cf CLI config file {path} has {ex.Path?.TrimStart('$', '.') ?? "a member"} of another type than the cf CLI writes (text for tokens and endpoints). Run 'cf login' again, or pass -Url and -Token.", ex);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The cf CLI config file {path} is not valid JSON (line {ex.LineNumber + 1}). Run 'cf login' again, or pass -Url and -Token.", ex);
        }

        return dto is null
            ? throw new InvalidDataException($"The cf CLI config file {path} is empty. Run 'cf login' again, or pass -Url and -Token.")
            : new CfCliConfig(path, dto);
    }

    /// <summary>
    /// Whether this config may be used for the API at <paramref name="apiUrl"/>: its Target is that API (same scheme,
    /// host and port; path ignored). A config that names no target gives its token to no API: nothing says where it is from.
    /// </summary>
    public bool Targets(Uri apiUrl) =>
        Uri.TryCreate(Target, UriKind.Absolute, out Uri? target)
        && Uri.Compare(target, apiUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsJson(string text)
    {
        try
        {
            using (JsonDocument.Parse(text))
            {
                return true;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
