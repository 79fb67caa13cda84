namespace ReleaseCmdlets.Commands;

/// <summary>
/// What an id parameter's transformation hands the binder for an empty or $null value. From a piped object it is a
/// property that names nothing (a CSV cell left empty, a $null member): the binder's first pass leaves the parameter
/// unbound, so another parameter set (a release number and application) can bind the object. Given on the command line,
/// converting it fails with the message below, and nothing is sent.
/// </summary>
internal sealed class AbsentId
{
    public static readonly AbsentId Value = new();

    private AbsentId()
    {
    }

    public static bool Is(object? value) => value is null || (value is string text && string.IsNullOrWhiteSpace(text));

    public override string ToString() =>
        throw new PSInvalidCastException("An empty value or $null is not an id: pass the id itself (from the pipeline, an empty cell or a $null property counts as absent).");
}
