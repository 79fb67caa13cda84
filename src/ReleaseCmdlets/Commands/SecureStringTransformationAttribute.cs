using System.Security;

namespace ReleaseCmdlets.Commands;

/// <summary>Lets a credential parameter typed <see cref="SecureString"/> take a plain string too (CI secrets arrive as strings).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                // -ApiKey $env:UNSET: no credential given, so the environment is consulted and MissingCredential follows.
                return null!;
            case SecureString secure:
                return secure;
            case string text:
                var result = new SecureString();
                foreach (char c in text)
                {
                    result.AppendChar(c);
                }

                result.MakeReadOnly();
                return result;
            default:
                throw new ArgumentTransformationMetadataException("Pass the credential as a string or a SecureString.");
        }
    }
}
