namespace ReleaseCmdlets.Commands;

/// <summary>How messages and annotations name an input.</summary>
internal static class InputNames
{
    /// <summary>An input as a message names it: one of the module's objects by service and id, anything else as it is.</summary>
    public static string Of(object? target) => target switch
    {
        null => "",
        ReleaseInfo release => $"{release.Provider} {release.Id}",
        PSObject { BaseObject: ReleaseInfo release } => $"{release.Provider} {release.Id}",
        _ => target.ToString() ?? "",
    };
}
