namespace ReleaseCmdlets.Engine.Http;

/// <summary>The transport failure that ended a request's attempts (the inner exception), with how many were sent.</summary>
internal sealed class AttemptsFailedException : Exception
{
    public AttemptsFailedException(int attempts, Exception failure)
        : base(failure.Message, failure)
    {
        Attempts = attempts;
    }

    public int Attempts { get; }
}
