namespace ReleaseCmdlets.Commands;

/// <summary>A service connected at one URL: cancels each of its objects listed there as that service's Stop cmdlet would.</summary>
internal sealed class InFlightConnection
{
    private readonly Action<StopInFlightReleaseCommand, ReleaseInfo> cancel;

    public InFlightConnection(CancelSite site, Action<StopInFlightReleaseCommand, ReleaseInfo> cancel) => (Site, this.cancel) = (site, cancel);

    public CancelSite Site { get; }

    /// <summary>Queues the cancel of one object of the service (ShouldProcess first), on the command's pipeline thread.</summary>
    public void Cancel(StopInFlightReleaseCommand command, ReleaseInfo listed) => cancel(command, listed);
}
