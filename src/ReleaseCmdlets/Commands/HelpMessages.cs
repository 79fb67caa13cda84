namespace ReleaseCmdlets.Commands;

/// <summary>
/// What PowerShell shows when it prompts for a missing mandatory parameter ("!?" at the prompt) that every service's
/// cmdlets share; each service's own are in its <c>&lt;Service&gt;Cmdlet.Help</c>.
/// </summary>
internal static class HelpMessages
{
    public const string InputObject = "An object written by this module for the same service.";

    public const string AnyInputObject = "An object written by this module's Get or Stop cmdlets, of any of its services.";
}
