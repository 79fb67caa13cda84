using System.Globalization;

namespace ReleaseCmdlets.Engine.BuildMaster;

/// <summary>
/// Which release to cancel, in one of the two forms the API accepts: <c>releaseId</c> alone, or <c>releaseNumber</c> with
/// exactly one application key. The constructors make a third form impossible.
/// </summary>
public sealed class ReleaseSelector
{
    private ReleaseSelector(int? releaseId, string? releaseNumber, int? applicationId, string? applicationName)
    {
        ReleaseId = releaseId;
        ReleaseNumber = releaseNumber;
        ApplicationId = applicationId;
        ApplicationName = applicationName;
    }

    public int? ReleaseId { get; }
    public string? ReleaseNumber { get; }
    public int? ApplicationId { get; }
    public string? ApplicationName { get; }

    public static ReleaseSelector ById(int releaseId) => new(releaseId, null, null, null);

    public static ReleaseSelector ByNumber(string releaseNumber, int applicationId) =>
        new(null, Required(releaseNumber, nameof(releaseNumber)), applicationId, null);

    public static ReleaseSelector ByNumber(string releaseNumber, string applicationName) =>
        new(null, Required(releaseNumber, nameof(releaseNumber)), null, Required(applicationName, nameof(applicationName)));

    internal ReleaseQuery ToQuery() => new()
    {
        ReleaseId = ReleaseId,
        ReleaseNumber = ReleaseNumber,
        ApplicationId = ApplicationId,
        ApplicationName = ApplicationName,
    };

    public override string ToString() => ReleaseId is int id
        ? $"release {id.ToString(CultureInfo.InvariantCulture)}"
        : $"release {ReleaseNumber} of application {ApplicationName ?? ApplicationId?.ToString(CultureInfo.InvariantCulture)}";

    private static string Required(string value, string name) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException("A value is required.", name) : value;
}
