namespace ReleaseCmdlets.Engine.Baseten;

/// <summary>One model of a workspace as the models listing gives it: its id and its name.</summary>
public sealed class BasetenModel
{
    public BasetenModel(string id, string? name) => (Id, Name) = (id, name);

    public string Id { get; }

    public string? Name { get; }
}
