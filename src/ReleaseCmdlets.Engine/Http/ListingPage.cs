namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// One page of a listing, as a Get cmdlet writes it before it reads the next: the objects that match what was asked,
/// how many the service listed that did not (left out), and whether another page follows.
/// </summary>
public sealed class ListingPage<T>
    where T : ReleaseInfo
{
    public ListingPage(IReadOnlyList<T> items, int leftOut, bool hasMore)
    {
        Items = items;
        LeftOut = leftOut;
        HasMore = hasMore;
    }

    public IReadOnlyList<T> Items { get; }

    /// <summary>Objects the service listed that do not match the filters sent (a server or proxy that ignored one).</summary>
    public int LeftOut { get; }

    public bool HasMore { get; }
}
