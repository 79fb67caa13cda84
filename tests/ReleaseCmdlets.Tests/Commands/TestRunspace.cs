using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>A real PowerShell engine with just the given cmdlet classes, each under the name its [Cmdlet] gives.</summary>
internal static class TestRunspace
{
    public static Runspace Open(params Type[] cmdlets) => Open(PSThreadOptions.Default, cmdlets);

    public static Runspace Open(PSThreadOptions threads, params Type[] cmdlets)
    {
        var state = InitialSessionState.CreateDefault2();
        foreach (Type type in cmdlets)
        {
            var name = type.GetCustomAttribute<CmdletAttribute>() ?? throw new ArgumentException($"{type} has no [Cmdlet] attribute.");
            state.Commands.Add(new SessionStateCmdletEntry($"{name.VerbName}-{name.NounName}", type, null));
        }

        Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.ThreadOptions = threads;
        runspace.Open();
        return runspace;
    }

    /// <summary>Runs the script to its end: what it wrote, and its errors.</summary>
    public static (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) Run(string script, params Type[] cmdlets)
    {
        using Runspace runspace = Open(cmdlets);
        using var powershell = PowerShell.Create(runspace);
        powershell.AddScript(script);
        Collection<PSObject> output = powershell.Invoke();
        return (output, powershell.Streams.Error.ReadAll());
    }
}
