namespace ReleaseCmdlets.Tests.Commands.PipedShapes;

public sealed class BuildMasterShapes : IPipedShapes
{
    public string Cmdlet => "Stop-BmRelease";

    public string Credentials => "-Url https://bm.example.com -ApiKey k";

    // What ConvertFrom-Json makes of BuildMaster's JSON included (numbers are Int64).
    public IEnumerable<(string Item, string Parameters)> Items =>
    [
        ("$_", ""),
        ("\"$_\"", ""),
        ("[pscustomobject]@{ ReleaseId = \"$_\" }", ""),
        ("[pscustomobject]@{ id = [long]$_; number = '1.0' }", ""),
        ("[pscustomobject]@{ ReleaseNumber = '1.2'; ApplicationName = 'Accounting' }", ""),
        ("[pscustomobject]@{ ReleaseNumber = '1.2'; ApplicationId = '7' }", ""),
    ];
}
