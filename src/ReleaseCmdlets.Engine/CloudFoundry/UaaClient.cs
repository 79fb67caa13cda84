using System.Text;

namespace ReleaseCmdlets.Engine.CloudFoundry;

/// <summary>
/// The one UAA call the module makes: renewing the cf CLI's access token, exactly as the cf CLI asks for it
/// (cloudfoundry/cli api/uaa/refresh_token.go, RefreshAccessToken): POST /oauth/token at the authorization endpoint,
/// form-encoded; a user session sends grant_type=refresh_token with the client (UAAOAuthClient, default "cf", empty
/// secret) as Basic auth; a client login asks for a new token with grant_type=client_credentials and its client id and
/// secret in the form.
/// </summary>
internal sealed class UaaClient : ServiceClient
{
    private readonly CfCliConfig session;

    public UaaClient(Uri uaaEndpoint, CfCliConfig session, RequestSettings settings)
        : base(uaaEndpoint, settings)
    {
        this.session = session;
    }

    protected override ServiceDescription Service => CloudFoundryService.Uaa;

    private bool ClientCredentials => session.IsClientLogin;

    /// <summary>
    /// New tokens ("bearer …" access token, and the refresh token to keep, if UAA sent one); a refusal is an
    /// Unauthorized failure. A client login needs no refresh token.
    /// </summary>
    public async Task<(string AccessToken, string? RefreshToken)> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        var form = ClientCredentials
            ? new Dictionary<string, string> { ["client_id"] = session.UaaClient, ["client_secret"] = session.UaaClientSecret, ["grant_type"] = "client_credentials" }
            : new Dictionary<string, string> { ["refresh_token"] = refreshToken ?? "", ["grant_type"] = "refresh_token" };
        ServiceResponse response = await SendAsync(HttpMethod.Post, "oauth/token", new FormUrlEncodedContent(form), cancellationToken).ConfigureAwait(false);
        UaaTokenDto tokens = ReadJson(response, CloudFoundryJsonContext.Default.UaaTokenDto);
        if (string.IsNullOrEmpty(tokens.AccessToken))
        {
            throw Unreadable(response.StatusCode, "(a token answer without access_token)", response.RequestId, null);
        }

        return ($"{(string.IsNullOrEmpty(tokens.TokenType) ? "bearer" : tokens.TokenType!.ToLowerInvariant())} {tokens.AccessToken}", string.IsNullOrEmpty(tokens.RefreshToken) ? null : tokens.RefreshToken);
    }

    protected override void Authorize(HttpRequestMessage request)
    {
        if (!ClientCredentials)
        {
            string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{session.UaaClient}:{session.UaaClientSecret}"));
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + basic);
        }
    }

    /// <summary>UAA's error body may repeat the refresh token (error_description): only its error code is kept.</summary>
    protected override ServiceException ReadError(int statusCode, string body, string? requestId)
    {
        string? code = ErrorBody(body, CloudFoundryJsonContext.Default.UaaTokenDto)?.Error;

        ServiceErrorKind kind = statusCode is 400 or 401 ? ServiceErrorKind.Unauthorized : ServiceException.KindFromStatus(statusCode);
        string message = kind == ServiceErrorKind.Unauthorized
            ? $"The cf CLI session has ended: UAA refused to renew the access token ({code ?? statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}). Run 'cf login' again, or pass -Token."
            : $"UAA answered {statusCode} while renewing the cf CLI's access token.";
        return ServiceException.Answered(statusCode, message, code, requestId, kind);
    }
}
