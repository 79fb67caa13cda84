using System.Linq;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// What a Stop cmdlet takes from the pipeline besides what its parameters bind: the module's own objects of its service
/// (by type, cancelled only where they were listed), ids, and objects made of properties (Import-Csv, ConvertFrom-Json,
/// [pscustomobject]) that name one target one way. Anything else is refused before any request, for that input only.
/// </summary>
/// <remarks>
/// The binder alone cannot do this: it binds an id from any object with a property of that name (a process's Id), lets
/// one property win silently when two name different targets, and never sees where a module object was listed.
/// </remarks>
internal sealed class PipedObjectRules
{
    private readonly Type ownType;
    private readonly string provider;
    private readonly string[][][] forms;
    private readonly string[][] groups;
    private readonly string[] knownNames;
    private readonly ObjectPlace? place;

    /// <param name="ownType">The module's object this Stop cancels.</param>
    /// <param name="provider">Its <see cref="ReleaseInfo.Provider"/>, as records of it say.</param>
    /// <param name="forms">
    /// The ways its parameters name a target (an id; a number with an application), each a list of values, each value a
    /// list of the property names that bind it (the parameter's name, then its aliases).
    /// </param>
    /// <param name="place">The place within the service where an object lives (Cloudflare's account), if the service has one.</param>
    /// <param name="others">Other values whose names must agree when several are given (an environment).</param>
    public PipedObjectRules(Type ownType, string provider, string[][][] forms, ObjectPlace? place = null, params string[][] others)
    {
        this.ownType = ownType;
        this.provider = provider;
        this.forms = forms;
        this.place = place;
        groups = forms.SelectMany(form => form).Concat(others).Concat(place is null ? Array.Empty<string[]>() : new[] { place.PropertyNames }).ToArray();
        knownNames = groups.SelectMany(group => group).Concat(new[] { nameof(ReleaseInfo.Provider), nameof(ReleaseInfo.ServiceUrl) })
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>
    /// The module's own object this input is: bound to -InputObject, or piped and bound by its properties (the binder
    /// tries a cmdlet's default set first, and an object with an id property binds there). Null for any other input.
    /// </summary>
    public static T? Listed<T>(PSObject? piped, ReleaseInfo? inputObject)
        where T : ReleaseInfo =>
        inputObject as T ?? piped?.BaseObject as T;

    /// <summary>Why the piped object must not be cancelled here; null when it may.</summary>
    /// <param name="piped">The object as it came down the pipeline.</param>
    /// <param name="serviceUrl">Where the command sends its requests.</param>
    /// <param name="scope">The place within the service it sends to (an account), when the service has one.</param>
    public PipedObjectRefusal? Check(PSObject? piped, Uri serviceUrl, string? scope = null)
    {
        object? value = piped?.BaseObject;
        switch (value)
        {
            case null or string or ValueType or Array:
                // An id (or ids): the parameter's own transformation takes it or refuses it.
                return null;
            case ReleaseInfo own when ownType.IsInstanceOfType(own):
                return Origin(own.ServiceUrl, serviceUrl, own.Place, scope, $"({Visible(own.Id)}) was listed");
            case ReleaseInfo other:
                return new PipedObjectRefusal(
                    ErrorIds.ObjectOfAnotherService,
                    $"A {other.Provider} object ({Visible(other.Id)}) is not cancelled by this command: pipe it to {other.StopCommand}.");
            case PSCustomObject:
                return Properties(piped!, serviceUrl, scope);
            default:
                return Unrelated(value.GetType().FullName!);
        }
    }

    private PipedObjectRefusal? Properties(PSObject piped, Uri serviceUrl, string? scope)
    {
        string? typeName = piped.TypeNames.Count > 0 ? piped.TypeNames[0] : null;
        const string Deserialized = "Deserialized.";
        if (typeName is not null && typeName.StartsWith(Deserialized, StringComparison.Ordinal)
            && !typeName.StartsWith(Deserialized + typeof(ReleaseInfo).Namespace + ".", StringComparison.Ordinal))
        {
            // A process or a job that went through a remote session or Start-Job is still a process or a job (the
            // module's own objects are records, whose Provider says which service they belong to).
            return Unrelated(typeName.Substring(Deserialized.Length));
        }

        Dictionary<string, string> values = Read(piped);
        string? recordOf = values.TryGetValue(nameof(ReleaseInfo.Provider), out string? said) ? said : null;
        bool moduleRecord = recordOf is not null;
        if (moduleRecord && !string.Equals(recordOf, provider, StringComparison.OrdinalIgnoreCase))
        {
            return new PipedObjectRefusal(ErrorIds.ObjectOfAnotherService, $"The object says it is a {Visible(recordOf!)} object, which this command does not cancel (it cancels {provider} objects).");
        }

        foreach (string[] names in groups)
        {
            if (Disagreeing(values, names) is string disagreement)
            {
                return new PipedObjectRefusal(ErrorIds.ConflictingTargets, $"The object names different targets: {disagreement}. Pipe objects that name one target, one way.");
            }
        }

        // A record the module wrote (exported, imported, deserialized) carries every form of one object: its id binds,
        // as for the module's own objects. Any other object must name its target one way only.
        string[] named = moduleRecord ? Array.Empty<string>() : forms.Select(form => Present(form, values)).OfType<string>().ToArray();
        if (named.Length > 1)
        {
            return new PipedObjectRefusal(
                ErrorIds.ConflictingTargets,
                $"The object names its target in {named.Length} ways ({string.Join("; ", named)}), which may be different targets. Pipe objects that name it one way (for example with Select-Object).");
        }

        string? listedIn = place?.PropertyNames.Select(name => values.TryGetValue(name, out string? found) ? found : null).FirstOrDefault(found => found is not null);
        return Origin(values.TryGetValue(nameof(ReleaseInfo.ServiceUrl), out string? listedAt) ? listedAt : null, serviceUrl, listedIn, scope, "says it was listed");
    }

    /// <summary>Refuses an object whose URL (or place) is not where the command sends; an object that names none is not checked.</summary>
    private PipedObjectRefusal? Origin(string? listedAt, Uri serviceUrl, string? listedIn, string? scope, string verb)
    {
        bool otherUrl = listedAt is not null && !SameUrl(listedAt, serviceUrl);
        bool otherPlace = listedIn is not null && scope is not null && !string.Equals(listedIn, scope, StringComparison.Ordinal);
        if (!otherUrl && !otherPlace)
        {
            return null;
        }

        string listed = Visible(listedAt ?? serviceUrl.AbsoluteUri) + (listedIn is null ? "" : $" ({place!.Label} {Visible(listedIn)})");
        string sending = serviceUrl.AbsoluteUri + (scope is null || place is null ? "" : $" ({place.Label} {Visible(scope)})");
        string how = otherUrl ? $"pass -Url {Visible(listedAt!)} (with that service's credential)" : $"pass -{place!.Parameter} {Visible(listedIn!)}";
        return new PipedObjectRefusal(
            ErrorIds.OriginMismatch,
            $"The object {verb} at {listed}, but this command sends to {sending}. An object is cancelled only where it was listed: to cancel it there, {how}.");
    }

    private static bool SameUrl(string listedAt, Uri serviceUrl) =>
        string.Equals(listedAt, serviceUrl.AbsoluteUri, StringComparison.Ordinal)
        || Uri.TryCreate(listedAt.Trim(), UriKind.Absolute, out Uri? listed)
        && string.Equals(listed.AbsoluteUri.TrimEnd('/'), serviceUrl.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>"ReleaseId 4" for the first value of the form the object carries; null when it carries none.</summary>
    private static string? Present(string[][] form, Dictionary<string, string> values)
    {
        var parts = new List<string>();
        foreach (string[] names in form)
        {
            foreach (string name in names)
            {
                if (values.TryGetValue(name, out string? value))
                {
                    parts.Add($"{name} '{Visible(value)}'");
                    break;
                }
            }
        }

        return parts.Count == 0 ? null : string.Join(" with ", parts);
    }

    /// <summary>"id '4' and ReleaseId '5'" when two names of one value carry different values; null when they agree.</summary>
    private static string? Disagreeing(Dictionary<string, string> values, string[] names)
    {
        string? firstName = null;
        string? first = null;
        foreach (string name in names)
        {
            if (!values.TryGetValue(name, out string? value))
            {
                continue;
            }

            if (first is null)
            {
                (firstName, first) = (name, value);
            }
            else if (!SameValue(first, value))
            {
                return $"{firstName} '{Visible(first)}' and {name} '{Visible(value)}'";
            }
        }

        return null;
    }

    private static bool SameValue(string a, string b) =>
        Guid.TryParse(a, out Guid x) && Guid.TryParse(b, out Guid y) ? x == y : string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal);

    /// <summary>
    /// The object's values for the names these rules know, each read once, as text; a name is absent when the object has
    /// no such property, or it is $null or blank (an empty CSV cell).
    /// </summary>
    private Dictionary<string, string> Read(PSObject piped)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in knownNames)
        {
            object? value = piped.Properties[name]?.Value;
            value = value is PSObject wrapped ? wrapped.BaseObject : value;
            string? text = value is null ? null : LanguagePrimitives.ConvertTo<string>(value);
            if (!string.IsNullOrWhiteSpace(text))
            {
                values[name] = text!;
            }
        }

        return values;
    }

    private static PipedObjectRefusal Unrelated(string typeName) => new(
        ErrorIds.UnrelatedInputObject,
        $"An object of type {Visible(typeName)} is not taken: a Stop cmdlet takes the module's own objects, ids, and objects made of properties (Import-Csv, ConvertFrom-Json, [pscustomobject]). To use a value of it, pass it as a parameter or select it (Select-Object).");

    private static string Visible(string text) => VisibleText.Of(text);
}

/// <summary>A place within a service where its objects live (Cloudflare's account): what it is called, its parameter, its property names.</summary>
internal sealed class ObjectPlace
{
    public ObjectPlace(string label, string parameter, params string[] propertyNames) => (Label, Parameter, PropertyNames) = (label, parameter, propertyNames);

    public string Label { get; }

    public string Parameter { get; }

    public string[] PropertyNames { get; }
}

/// <summary>Why a piped object is not cancelled: a stable error id and a message.</summary>
internal sealed class PipedObjectRefusal
{
    public PipedObjectRefusal(string errorId, string message) => (ErrorId, Message) = (errorId, message);

    public string ErrorId { get; }

    public string Message { get; }
}
