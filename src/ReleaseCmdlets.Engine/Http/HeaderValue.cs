namespace ReleaseCmdlets.Engine.Http;

/// <summary>
/// What may go into a request header: visible ASCII and inner spaces only. A line break would end the header (and with
/// it the header block, so the body and its filters could be lost), and characters beyond ASCII are encoded differently
/// by every stack on the way; both are refused before any request.
/// </summary>
public static class HeaderValue
{
    /// <summary>What is wrong with the text as a header value, in words that never quote it; null when it may be sent.</summary>
    public static string? Problem(string value)
    {
        foreach (char c in value)
        {
            if (c < ' ' || c == '\u007f')
            {
                return "a control character (a line break, tab or similar)";
            }

            if (c > '\u007e')
            {
                return "a character outside ASCII";
            }
        }

        return null;
    }

    /// <summary>The text unchanged, or a refusal (nothing is sent) that names what it is, never its value.</summary>
    public static string Checked(string value, string what) =>
        Problem(value) is string problem
            ? throw ServiceException.Refused(ServiceErrorKind.BadRequest, $"The {what} contains {problem}; it cannot be sent in a request header.", ErrorIds.InvalidHeaderValue)
            : value;
}
