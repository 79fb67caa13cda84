namespace ReleaseCmdlets.Hosting.Tests;

/// <summary>
/// In this host another module loads the older Microsoft.Extensions.* (6.0) into the default context before ours
/// runs, and uses it again after ours ran. (The SDK host covers a newer version loaded after ours.)
/// </summary>
internal static class IsolationPlan
{
    public static readonly string[] Expected = { "other:True:6.0.0.0", "ours:5", "other:True:6.0.0.0", "loaded:6.0.0.0,8.0.0.0" };

    public static IReadOnlyList<string> Run(HostFixture host) => host.RunWithoutImport(string.Join("\n",
        HostFixture.LoadOtherModule("6.0.0"), HostFixture.UseOtherModule, HostFixture.UseOurs, HostFixture.UseOtherModule, HostFixture.LoadedVersions));
}
