using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ReleaseCmdlets.Hosting.Tests;

/// <summary>Runs scripts in a fresh runspace of the engine this test host references, normally with the staged module imported by path.</summary>
internal static class HostedEngine
{
    public static (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) Run(string script, IDictionary<string, object?>? variables = null, bool importModule = true)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            runspace.SessionStateProxy.SetVariable(name, value);
        }

        using var powershell = PowerShell.Create(runspace);
        powershell.AddScript(importModule ? $"Import-Module '{RepoPaths.StagedModule}' -ErrorAction Stop\n{script}" : script);
        try
        {
            return (powershell.Invoke(), powershell.Streams.Error.ReadAll());
        }
        catch (RuntimeException terminating)
        {
            return (new Collection<PSObject>(), powershell.Streams.Error.ReadAll().Append(terminating.ErrorRecord).ToList());
        }
    }

    public static string TypeName(PSObject item) => item.BaseObject.GetType().FullName!;

    public static object? Property(PSObject item, string name) => item.Properties[name]?.Value;
}
