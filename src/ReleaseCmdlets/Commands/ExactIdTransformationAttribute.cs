using System.Globalization;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Takes an id only as exactly what it says. An int parameter takes integers, and text of ASCII digits alone; a Guid
/// parameter takes Guids and their standard text forms (32 digits, with hyphens, braces or parentheses). Nothing else:
/// PowerShell's own conversions round 1.2 to 1, read "4,5" as 45 and "0x4" as 4, and so would name another object
/// (BuildMaster release numbers look exactly like that). A refusal names the parameter and, with <see cref="Hint"/>,
/// what was probably meant.
/// </summary>
/// <remarks>
/// It also lets piped objects bind without exceptions: handed the text or Int64 that Import-Csv rows and ConvertFrom-Json
/// objects carry as the parameter's own type, the binder binds them in its first, uncoerced pass, instead of first trying
/// to convert the whole piped object and throwing and catching several exceptions per item. A whole object (whose
/// properties the binder reads next) is handed on unchanged, so the binder's own refusals stay as they were. An empty
/// or $null value is <see cref="AbsentId"/>: absent from the pipeline, refused on the command line.
/// </remarks>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExactIdTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly string[] GuidFormats = { "D", "N", "B", "P" };
    private readonly bool isArray;
    private readonly bool isGuid;

    /// <param name="parameterType">The parameter's type: <see cref="Guid"/> or <see cref="int"/>, or an array of either.</param>
    public ExactIdTransformationAttribute(Type parameterType)
    {
        isArray = parameterType.IsArray;
        isGuid = (isArray ? parameterType.GetElementType() : parameterType) == typeof(Guid);
    }

    /// <summary>A sentence added to a refusal, e.g. which parameter takes what was given.</summary>
    public string? Hint { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (AbsentId.Is(value))
        {
            return AbsentId.Value;
        }

        if (!isArray)
        {
            return One(value, inputData);
        }

        // An array parameter: each element by the same rules, and a single id (what a piped item carries) as an array of
        // one, so that the binder takes it in its first, uncoerced pass too. A whole object is handed on unchanged.
        switch (value)
        {
            case int[] or Guid[]:
                return inputData;
            case object?[] items:
                return isGuid ? Each<Guid>(items) : Each<int>(items);
            case Guid or IConvertible:
                object single = One(value, inputData);
                single = single is PSObject { BaseObject: var unwrapped } ? unwrapped : single;
                return isGuid ? new[] { (Guid)single } : new[] { (int)single };
            default:
                return inputData;
        }
    }

    private T[] Each<T>(object?[] items)
    {
        var ids = new T[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            object? item = items[i] is PSObject inner ? inner.BaseObject : items[i];
            if (item is null)
            {
                throw Refused($"Element {i + 1} of {items.Length} is $null, which is not an id: pass ids alone.");
            }

            object converted = One(item, items[i]!);
            ids[i] = (T)(converted is PSObject { BaseObject: var bare } ? bare : converted);
        }

        return ids;
    }

    private object One(object? value, object inputData) => isGuid ? ToGuid(value, inputData) : ToInt(value, inputData);

    private object ToGuid(object? value, object inputData) => value switch
    {
        Guid => inputData,
        string text => ParseGuid(text) ?? throw Refused($"'{text}' is not a guid in a standard form (32 hex digits, with or without hyphens, braces or parentheses)."),
        IConvertible => throw Refused($"A {value.GetType().Name} is not a guid: pass the guid or its text."),
        byte[] => throw Refused("Bytes are not taken as a guid: pass the guid or its text."),
        _ => inputData,
    };

    private object ToInt(object? value, object inputData) => value switch
    {
        int => inputData,
        string text when !AllDigits(text) => throw Refused($"'{text}' is not an id: it takes a whole number written with the digits 0-9 alone (no sign, separators, fraction, spaces or hex)."),
        string text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? number : throw Refused($"{text} is out of range for an id."),
        long or uint or ulong or short or ushort or byte or sbyte => InRange(Convert.ToDecimal(value, CultureInfo.InvariantCulture)) ?? throw Refused($"{value} is out of range for an id."),
        IConvertible => throw Refused($"A {value.GetType().Name} ({Convert.ToString(value, CultureInfo.InvariantCulture)}) is not taken as an id: only whole numbers are, never rounded."),
        _ => inputData,
    };

    private static Guid? ParseGuid(string text)
    {
        foreach (string format in GuidFormats)
        {
            if (Guid.TryParseExact(text, format, out Guid guid))
            {
                return guid;
            }
        }

        return null;
    }

    private static bool AllDigits(string text)
    {
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static object? InRange(decimal number) => number is >= int.MinValue and <= int.MaxValue ? (int)number : null;

    private ArgumentTransformationMetadataException Refused(string message) =>
        new(Hint is null ? message : $"{message} {Hint}");
}
