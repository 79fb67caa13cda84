namespace ReleaseCmdlets.Tests.Commands.PipedShapes;

/// <summary>
/// What one service's Stop cmdlet is documented to take from the pipeline, for <see cref="BindingExceptionTests"/>:
/// each service has a class of its own here, found by reflection, so a new service adds a file and no row elsewhere.
/// </summary>
public interface IPipedShapes
{
    /// <summary>The cmdlet's name.</summary>
    string Cmdlet { get; }

    /// <summary>Parameters that let it bind and reach ShouldProcess with no environment (URL and credential).</summary>
    string Credentials { get; }

    /// <summary>How one item is made from $_ (1, 2, …), and extra parameters for it.</summary>
    IEnumerable<(string Item, string Parameters)> Items { get; }
}
