namespace ReleaseCmdlets.Hosting.Tests;

/// <summary>
/// In this host ours runs first, then another module loads the newer Microsoft.Extensions.* (10.0) into the default
/// context and uses it, and ours runs again. (The System.Management.Automation host covers an older version loaded first.)
/// </summary>
internal static class IsolationPlan
{
    public static readonly string[] Expected = { "ours:5", "other:True:10.0.0.0", "ours:5", "loaded:8.0.0.0,10.0.0.0" };

    public static IReadOnlyList<string> Run(HostFixture host) => host.RunWithoutImport(string.Join("\n",
        HostFixture.UseOurs, HostFixture.LoadOtherModule("10.0.0"), HostFixture.UseOtherModule, HostFixture.UseOurs, HostFixture.LoadedVersions));
}
