using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.ExceptionServices;
using ReleaseCmdlets.Commands;
using ReleaseCmdlets.Tests.Commands.PipedShapes;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// Piped objects of every documented shape bind without a single exception: each one costs time that grows with the
/// caller's stack depth. Counted with FirstChanceException on the pipeline thread, per item (200 items minus 100),
/// under -WhatIf so that only binding and ShouldProcess run.
/// </summary>
public class BindingExceptionTests
{
    public static TheoryData<string, string, string> Shapes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (IPipedShapes service in Services())
        {
            foreach ((string item, string parameters) in service.Items)
            {
                data.Add(service.Cmdlet, item, $"{parameters} {service.Credentials}");
            }
        }

        return data;
    }

    [Fact]
    public void Every_Stop_cmdlet_has_its_piped_shapes()
    {
        // Stop-InFlightRelease takes the module's own objects only, by type: it has no shapes to bind.
        var stops = ModuleCmdlets().Select(NameOf).Where(name => name.StartsWith("Stop-", StringComparison.Ordinal) && name != "Stop-InFlightRelease").Order();

        Assert.Equal(stops, Services().Select(service => service.Cmdlet).Order());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_piped_item_binds_without_an_exception(string cmdlet, string item, string parameters)
    {
        string Script(int count) => $"1..{count} | ForEach-Object {{ {item} }} | {cmdlet} {parameters} -WhatIf";

        int perItem = Count(Script(200)) - Count(Script(100));

        Assert.True(perItem == 0, $"{perItem / 100.0:0.##} first-chance exceptions per item piping {item} into {cmdlet}");
    }

    private static IEnumerable<IPipedShapes> Services() =>
        typeof(IPipedShapes).Assembly.GetTypes()
            .Where(type => typeof(IPipedShapes).IsAssignableFrom(type) && !type.IsAbstract)
            .Select(type => (IPipedShapes)Activator.CreateInstance(type)!);

    private static Type[] ModuleCmdlets() =>
        typeof(ServiceCmdlet).Assembly.GetTypes().Where(type => !type.IsAbstract && type.GetCustomAttribute<CmdletAttribute>() is not null).ToArray();

    private static string NameOf(Type cmdlet) =>
        cmdlet.GetCustomAttribute<CmdletAttribute>() is { } name ? $"{name.VerbName}-{name.NounName}" : cmdlet.Name;

    private static int Count(string script)
    {
        using var runspace = TestRunspace.Open(PSThreadOptions.UseCurrentThread, ModuleCmdlets());
        using var powershell = PowerShell.Create(runspace);
        powershell.AddScript(script);
        int thread = Environment.CurrentManagedThreadId;
        int count = 0;
        void OnException(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                count++;
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += OnException;
        try
        {
            powershell.Invoke();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= OnException;
        }

        Assert.True(powershell.Streams.Error.Count == 0, string.Join("; ", powershell.Streams.Error));
        return count;
    }
}
