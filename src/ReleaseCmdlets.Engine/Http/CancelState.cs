namespace ReleaseCmdlets.Engine.Http;

/// <summary>What a read of the object says about a cancel aimed at it.</summary>
public enum CancelState
{
    /// <summary>Cancelled, or being cancelled (a rollback under way): the cancel's aim is reached.</summary>
    Cancelled,

    /// <summary>Finished some other way (deployed, succeeded): it can no longer be cancelled.</summary>
    FinishedOtherwise,

    /// <summary>Still in flight.</summary>
    InProgress,
}
