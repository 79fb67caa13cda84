namespace ReleaseCmdlets.Commands;

/// <summary>
/// For a string[] parameter that takes pipeline input by value: text (and whole numbers) is taken as it is; any other
/// object is never turned into its text form, so that a piped object of another kind (another service's release, an
/// object with none of the cmdlet's property names) is refused as InputObjectNotBound instead of naming, say, the model
/// "BuildMaster 2 (active)". Such an object still binds by property name, as the binder reads its properties next.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextOnlyTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case var _ when AbsentId.Is(value):
                return AbsentId.Value;
            case object?[] items:
                var texts = new string[items.Length];
                for (int i = 0; i < items.Length; i++)
                {
                    object? item = items[i] is PSObject inner ? inner.BaseObject : items[i];
                    texts[i] = IsText(item) ? Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture)! : throw new ArgumentTransformationMetadataException(item is null
                        ? $"Element {i + 1} of {items.Length} is $null, which is not taken as text here: pass strings alone."
                        : $"A {item.GetType().Name} is not taken as text here: pass strings.");
                }

                return texts;
            default:
                // A single text as an array of one, so that a string[] parameter binds it in the binder's first pass.
                return IsText(value) ? new[] { Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! } : NotText.Value;
        }
    }

    private static bool IsText(object? value) => value is string or int or long or short or byte or uint or ulong or ushort or sbyte;

    /// <summary>
    /// Handed to the binder in place of an object: not a string, so the binder's first pass leaves it (no exception); its
    /// conversion to text fails, so the binder's last pass refuses it. Only an input that nothing else binds reaches that.
    /// </summary>
    private sealed class NotText
    {
        public static readonly NotText Value = new();

        public override string ToString() => throw new PSInvalidCastException("An object is not taken as text here; it binds by property name only.");
    }
}
