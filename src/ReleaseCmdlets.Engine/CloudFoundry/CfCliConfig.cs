using System;
using System.IO;
using System.Text.Json;

namespace ReleaseCmdlets.CloudFoundry;

/// <summary>What the cf CLI left in <c>$CF_HOME/.cf/config.json</c> after <c>cf login</c>: token, API endpoint, target space.</summary>
public sealed class CfCliConfig
{
    private CfCliConfig(string? accessToken, string? target, Guid? spaceGuid)
    {
        AccessToken = accessToken;
        Target = target;
        SpaceGuid = spaceGuid;
    }

    public string? AccessToken { get; }

    public string? Target { get; }

    public Guid? SpaceGuid { get; }

    /// <summary>The config file's location: CF_HOME, else the home folder (HOME, else USERPROFILE).</summary>
    public static string DefaultPath()
    {
        string? home = Environment.GetEnvironmentVariable("CF_HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetEnvironmentVariable("HOME");
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
        if (!File.Exists(path))
        {
            return null;
        }

        CliConfigDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(File.ReadAllText(path), CloudFoundryJsonContext.Default.CliConfigDto);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The cf CLI config file {path} is not valid JSON (line {ex.LineNumber + 1}). Run 'cf login' again, or pass -Url and -Token.", ex);
        }

        if (dto is null)
        {
            throw new InvalidDataException($"The cf CLI config file {path} is empty. Run 'cf login' again, or pass -Url and -Token.");
        }

        Guid? space = Guid.TryParse(dto.SpaceFields?.Guid, out Guid guid) ? guid : null;
        return new CfCliConfig(string.IsNullOrWhiteSpace(dto.AccessToken) ? null : dto.AccessToken, dto.Target, space);
    }
}
