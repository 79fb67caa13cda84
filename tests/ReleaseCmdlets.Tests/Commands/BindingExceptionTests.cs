using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.ExceptionServices;
using ReleaseCmdlets.Commands;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>
/// Piped objects of every documented shape bind without a single exception: each one costs time that grows with the
/// caller's stack depth. Counted with FirstChanceException on the pipeline thread, per item (200 items minus 100),
/// under -WhatIf so that only binding and ShouldProcess run.
/// </summary>
public class BindingExceptionTests
{
    private const string Guid1 = "de900000-0000-4000-8000-000000000001";

    public static TheoryData<string, string, string> Shapes => new()
    {
        // cmdlet, how one item is made from $_ (1, 2, …), extra parameters
        { "Stop-CfDeployment", "'" + Guid1 + "'", "" },
        { "Stop-CfDeployment", "[guid]'" + Guid1 + "'", "" },
        { "Stop-CfDeployment", "[pscustomobject]@{ DeploymentGuid = '" + Guid1 + "' }", "" },
        { "Stop-CfDeployment", "[pscustomobject]@{ guid = '" + Guid1 + "'; state = 'DEPLOYING' }", "" },
        // What ConvertFrom-Json makes of `cf curl /v3/deployments` resources and of BuildMaster's JSON (numbers are Int64).
        { "Stop-CfDeployment", "[pscustomobject]@{ guid = '" + Guid1 + "'; status = [pscustomobject]@{ value = 'ACTIVE' } }", "" },
        { "Stop-CfDeployment", "[pscustomobject]@{ AppGuid = 'a9900000-0000-4000-8000-000000000001' }", "" },
        { "Stop-CfDeployment", "[pscustomobject]@{ AppName = 'web'; SpaceGuid = '5a7e0000-0000-4000-8000-000000000001' }", "" },
        { "Stop-BmRelease", "$_", "" },
        { "Stop-BmRelease", "\"$_\"", "" },
        { "Stop-BmRelease", "[pscustomobject]@{ ReleaseId = \"$_\" }", "" },
        { "Stop-BmRelease", "[pscustomobject]@{ id = [long]$_; number = '1.0' }", "" },
        { "Stop-BmRelease", "[pscustomobject]@{ ReleaseNumber = '1.2'; ApplicationName = 'Accounting' }", "" },
        { "Stop-BmRelease", "[pscustomobject]@{ ReleaseNumber = '1.2'; ApplicationId = '7' }", "" },
        { "Stop-CfBuild", "'b0100000-0000-4000-8000-000000000001'", "-AccountId a" },
        { "Stop-CfBuild", "[pscustomobject]@{ build_uuid = 'b0100000-0000-4000-8000-000000000001' }", "-AccountId a" },
        { "Stop-CfBuild", "[pscustomobject]@{ BuildUuid = 'b0100000-0000-4000-8000-000000000001'; AccountId = 'a' }", "" },
        { "Stop-BasetenPromotion", "'abc123xy'", "" },
        { "Stop-BasetenPromotion", "[pscustomobject]@{ ModelId = 'abc123xy'; Environment = 'staging' }", "" },
        { "Stop-BasetenPromotion", "[pscustomobject]@{ model_id = 'abc123xy'; env_name = 'staging' }", "" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_piped_item_binds_without_an_exception(string cmdlet, string item, string parameters)
    {
        string credentials = cmdlet switch
        {
            "Stop-CfDeployment" => "-Url https://api.example.com -Token t",
            "Stop-CfBuild" => "-Url https://api.example.com -ApiToken t",
            _ => "-Url https://bm.example.com -ApiKey k",
        };
        string Script(int count) => $"1..{count} | ForEach-Object {{ {item} }} | {cmdlet} {parameters} {credentials} -WhatIf";

        int perItem = Count(Script(200)) - Count(Script(100));

        Assert.True(perItem == 0, $"{perItem / 100.0:0.##} first-chance exceptions per item piping {item} into {cmdlet}");
    }

    private static int Count(string script)
    {
        using var runspace = TestRunspace.Open(
            PSThreadOptions.UseCurrentThread, typeof(StopBmReleaseCommand), typeof(StopCfDeploymentCommand), typeof(StopCfBuildCommand), typeof(StopBasetenPromotionCommand));
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
