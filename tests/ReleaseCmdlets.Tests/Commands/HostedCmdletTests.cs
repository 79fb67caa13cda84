using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Security;
using ReleaseCmdlets.Commands;

namespace ReleaseCmdlets.Tests.Commands;

/// <summary>The cmdlet layer in a real PowerShell engine (System.Management.Automation), without the staged module.</summary>
public class HostedCmdletTests
{
    private static Collection<PSObject> Run(string script, out IReadOnlyList<ErrorRecord> errors)
    {
        (Collection<PSObject> output, errors) = TestRunspace.Run(script, typeof(StopBmReleaseCommand), typeof(GetBmReleaseCommand));
        return output;
    }

    [Theory]
    [InlineData("Stop-BmRelease -ReleaseId 1 -ApplicationId 2 -Url http://127.0.0.1:9 -ApiKey k -Confirm:$false")]
    [InlineData("Get-BmRelease -ApplicationId 1 -ApplicationName x -Url http://127.0.0.1:9 -ApiKey k")]
    [InlineData("Get-BmRelease -Status paused -Url http://127.0.0.1:9 -ApiKey k")]
    public void The_binder_refuses_combinations_the_api_forbids(string script)
    {
        var output = Run(script, out var errors);

        Assert.Empty(output);
        Assert.IsAssignableFrom<ParameterBindingException>(Assert.Single(errors).Exception);
    }

    [Fact]
    public void A_missing_key_is_a_terminating_error_naming_the_variable()
    {
        // The engine reads the process environment; xunit runs other classes meanwhile, so the variable is put back.
        string? before = Environment.GetEnvironmentVariable("BUILDMASTER_API_KEY");
        IReadOnlyList<ErrorRecord> errors;
        try
        {
            Environment.SetEnvironmentVariable("BUILDMASTER_API_KEY", null);
            Run("Stop-BmRelease -ReleaseId 1 -Url http://127.0.0.1:9 -Confirm:$false", out errors);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BUILDMASTER_API_KEY", before);
        }

        ErrorRecord error = Assert.Single(errors);
        Assert.Equal("MissingCredential,ReleaseCmdlets.Commands.StopBmReleaseCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("BUILDMASTER_API_KEY", error.Exception.Message);
    }

    [Fact]
    public void WhatIf_sends_nothing_even_to_an_unreachable_server()
    {
        var output = Run("Stop-BmRelease -ReleaseId 1 -Url http://127.0.0.1:9 -ApiKey k -WhatIf", out var errors);

        Assert.Empty(output);
        Assert.Empty(errors);
    }

    [Fact]
    public void Credentials_take_strings_and_secure_strings_and_nothing_else()
    {
        var transform = new SecureStringTransformationAttribute();
        var secure = new SecureString();
        secure.AppendChar('x');

        Assert.Equal(3, Assert.IsType<SecureString>(transform.Transform(null!, "abc")).Length);
        Assert.Same(secure, transform.Transform(null!, new PSObject(secure)));
        Assert.Throws<ArgumentTransformationMetadataException>(() => transform.Transform(null!, 42));
    }
}
