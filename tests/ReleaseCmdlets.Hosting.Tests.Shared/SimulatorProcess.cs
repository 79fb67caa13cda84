using System.Diagnostics;
using System.Net.Http.Json;

namespace ReleaseCmdlets.Hosting.Tests;

/// <summary>The service simulator in a process of its own, as the Pester tests run it (nothing of it in the test host).</summary>
public sealed class SimulatorProcess : IDisposable
{
    private readonly Process process;
    private readonly HttpClient control = new();

    public SimulatorProcess()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add(RepoPaths.Simulator);
        process = Process.Start(start) ?? throw new InvalidOperationException("The simulator did not start.");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Url is null && DateTime.UtcNow < deadline && process.StandardOutput.ReadLine() is string line)
        {
            if (line.StartsWith("SIMULATOR_URL=", StringComparison.Ordinal))
            {
                Url = line.Substring("SIMULATOR_URL=".Length);
            }
        }

        if (Url is null)
        {
            process.Kill();
            throw new InvalidOperationException("The simulator printed no URL.");
        }

        Credentials = control.GetFromJsonAsync<Dictionary<string, string>>($"{Url}/_sim/info").GetAwaiter().GetResult()!;
    }

    public string? Url { get; }

    public IReadOnlyDictionary<string, string> Credentials { get; }

    public void Post(string path) => control.PostAsync(Url + path, null).GetAwaiter().GetResult().EnsureSuccessStatusCode();

    public void Reset() => Post("/_sim/reset");

    public void Dispose()
    {
        try
        {
            Post("/_sim/shutdown");
        }
        catch (HttpRequestException)
        {
        }

        if (!process.WaitForExit(10_000))
        {
            process.Kill();
        }

        process.Dispose();
        control.Dispose();
    }
}
