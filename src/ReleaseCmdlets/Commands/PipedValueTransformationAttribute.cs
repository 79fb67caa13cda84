using System;
using System.Globalization;
using System.Management.Automation;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// Lets a Guid or int parameter take, as it is, the text and number that piped objects carry (Import-Csv rows hold
/// strings, ConvertFrom-Json gives Int64): the binder then binds them by property name in its first, uncoerced pass.
/// Without it the binder first tries to convert the whole piped object to the parameter's type, and throws and
/// catches several exceptions per item, a cost that grows with the caller's stack depth. Anything else is handed on
/// unchanged, so the binder's own conversion and its refusals stay exactly as they were.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PipedValueTransformationAttribute : ArgumentTransformationAttribute
{
    private readonly Type parameterType;

    /// <param name="parameterType">The parameter's type: <see cref="Guid"/> or <see cref="int"/>.</param>
    public PipedValueTransformationAttribute(Type parameterType) => this.parameterType = parameterType;

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (parameterType == typeof(Guid))
        {
            return value is string text && Guid.TryParse(text, out Guid guid) ? guid : inputData;
        }

        return value switch
        {
            string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) => number,
            long number and >= int.MinValue and <= int.MaxValue => (int)number,
            _ => inputData,
        };
    }
}
