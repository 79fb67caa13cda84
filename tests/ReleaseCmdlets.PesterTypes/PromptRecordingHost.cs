// A host whose user answers "No" to every confirmation, keeping what each asked (FirstMinutes.Tests.ps1).
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;

public sealed class PromptRecordingHost : PSHost
{
    private readonly PromptRecordingUI ui = new PromptRecordingUI();
    public List<string> Prompts { get { return ui.Prompts; } }
    public override string Name { get { return "PromptRecordingHost"; } }
    public override Version Version { get { return new Version(1, 0); } }
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI { get { return ui; } }
    public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
    public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() { }
    public override void ExitNestedPrompt() { }
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

public sealed class PromptRecordingUI : PSHostUserInterface
{
    public List<string> Prompts { get; } = new List<string>();
    public override PSHostRawUserInterface RawUI { get { return null; } }
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Prompts.Add(message);
        for (int i = 0; i < choices.Count; i++) { if (choices[i].Label.Replace("&", "") == "No") { return i; } }
        return defaultChoice;
    }
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotSupportedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotSupportedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotSupportedException(); }
    public override string ReadLine() { return ""; }
    public override System.Security.SecureString ReadLineAsSecureString() { throw new NotSupportedException(); }
    public override void Write(string value) { }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
    public override void WriteLine(string value) { }
    public override void WriteErrorLine(string value) { }
    public override void WriteDebugLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { }
}
