using System.Linq;

namespace ReleaseCmdlets.Commands;

/// <summary>
/// The one redaction boundary of a command: it knows every secret the command holds (credentials as resolved, tokens
/// renewed meanwhile, proxy credentials from the environment), and every text, progress record, output object's
/// service text and exception chain passes through it on the way to a stream. Nothing else scrubs. Messages (log lines,
/// progress, exception messages, -WhatIf and -Confirm texts) also have their control characters made visible
/// (<see cref="VisibleText"/>): what a service wrote can neither start a line nor drive the terminal. Output objects'
/// text stays verbatim: it is data.
/// </summary>
internal sealed class SecretBoundary
{
    // Revealed once, when remembered: every line written is scrubbed of them, so revealing per line would cost each one.
    private readonly List<string> secrets;
    private readonly List<Func<IEnumerable<string>>> sources = new();
    private Func<string, string>? scrub;

    public SecretBoundary(IEnumerable<string> known) => secrets = new List<string>(known);

    /// <summary>Every secret now: those remembered, and what the changing sources hold at this moment.</summary>
    public IReadOnlyCollection<string> Values =>
        sources.Count == 0 ? secrets : secrets.Concat(sources.SelectMany(source => source())).ToList();

    /// <summary>Keeps a credential known, so that it is scrubbed from everything written.</summary>
    public Secret Remember(Secret secret)
    {
        secrets.Add(secret.Reveal());
        return secret;
    }

    /// <summary>Keeps credentials that change during the command (renewed tokens) known.</summary>
    public void Remember(Func<IEnumerable<string>> source) => sources.Add(source);

    /// <summary>A message as it may be written: secrets masked, control characters visible.</summary>
    public string Scrub(string? text) => VisibleText.Of(Redactor.Scrub(text, Values));

    /// <summary>The text scrubbing an output object's service text with (one delegate a command): secrets masked, the rest verbatim.</summary>
    public Func<string, string> TextScrubber => scrub ??= text => Redactor.Scrub(text, Values);

    /// <summary>Service text the engine is about to shorten: secrets masked first, one cut off at the end included.</summary>
    public string MaskCut(string text) => Redactor.ScrubCut(text, Values);

    public void Scrub(ProgressRecord record)
    {
        IReadOnlyCollection<string> known = Values;
        record.StatusDescription = VisibleText.Of(Redactor.Scrub(record.StatusDescription, known));
        record.Activity = VisibleText.Of(Redactor.Scrub(record.Activity, known));
    }

    /// <summary>
    /// The exception and its whole inner chain with every secret scrubbed from the messages (and a defect's stack trace).
    /// Service exceptions stay service exceptions, every attempt fact kept; others become <see cref="RedactedException"/>s
    /// that name the original type.
    /// </summary>
    public Exception? Scrub(Exception? exception) => Scrub(exception, Values);

    private static Exception? Scrub(Exception? exception, IReadOnlyCollection<string> secrets) => exception switch
    {
        null => null,
        ServiceException service => service.With(
            Message(service.Message, secrets),
            serviceCode: service.ServiceCode is null ? null : Message(service.ServiceCode, secrets),
            requestId: service.RequestId is null ? null : Message(service.RequestId, secrets),
            innerException: Scrub(service.InnerException, secrets)),
        _ => new RedactedException(
            exception.GetType().FullName ?? "Exception",
            Message(exception.Message, secrets),
            Scrub(exception.InnerException, secrets),
            exception.StackTrace is string stack ? Redactor.Scrub(stack, secrets) : null),
    };

    private static string Message(string text, IReadOnlyCollection<string> secrets) => VisibleText.Of(Redactor.Scrub(text, secrets));
}
