namespace ReleaseCmdlets.Commands;

/// <summary>
/// Where one cancel goes when a command cancels on several services at once (Stop-InFlightRelease): the service, the
/// URL its objects are written with, and what its credential must be allowed. A service's own Stop cmdlet has one site,
/// itself, and passes none.
/// </summary>
internal sealed class CancelSite
{
    public CancelSite(string provider, Uri baseUrl, string permissionAdvice) =>
        (Provider, BaseUrl, PermissionAdvice) = (provider, baseUrl, permissionAdvice);

    /// <summary>The service as its objects name it (<see cref="ReleaseInfo.Provider"/>); -ThrottleLimit counts per service.</summary>
    public string Provider { get; }

    public Uri BaseUrl { get; }

    public string PermissionAdvice { get; }
}
