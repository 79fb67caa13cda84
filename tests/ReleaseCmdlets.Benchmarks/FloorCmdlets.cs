using System;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;

namespace ReleaseCmdlets.Benchmarks
{
    /// <summary>
    /// The floor a compiled cmdlet cannot go below: binds the piped objects by property name in the binder's cheapest
    /// way for their shape (a string parameter for text, a typed one for typed values), asks ShouldProcess, sends the
    /// same cancel and read-back requests synchronously with a bare HttpClient, parses the answer and writes one object.
    /// No retries, no error mapping, no throttling, no logging.
    /// </summary>
    public abstract class FloorCmdlet : PSCmdlet
    {
        [Parameter(Mandatory = true)] public string Url { get; set; } = "";

        [Parameter(Mandatory = true)] public string Credential { get; set; } = "";

        protected void CancelAndRead(string target, HttpMethod readMethod, string cancelPath, string readPath, string body, string header, string value)
        {
            if (!ShouldProcess(target, "Cancel"))
            {
                return;
            }

            RawHttpLoop.Send(HttpMethod.Post, Url + cancelPath, body, header, value);
            using (JsonDocument document = JsonDocument.Parse(RawHttpLoop.Send(readMethod, Url + readPath, readMethod == HttpMethod.Get ? null : body, header, value)))
            {
                WriteObject(document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 1);
            }
        }
    }

    [Cmdlet("Stop", "FloorDeploymentText", SupportsShouldProcess = true)]
    public sealed class StopFloorDeploymentTextCommand : FloorCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Guid")]
        public string DeploymentGuid { get; set; } = "";

        protected override void ProcessRecord() =>
            CancelAndRead("Cloud Foundry deployment " + DeploymentGuid, HttpMethod.Get, "/v3/deployments/" + DeploymentGuid + "/actions/cancel", "/v3/deployments/" + DeploymentGuid, null, "Authorization", "bearer " + Credential);
    }

    [Cmdlet("Stop", "FloorDeploymentTyped", SupportsShouldProcess = true)]
    public sealed class StopFloorDeploymentTypedCommand : FloorCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public Guid DeploymentGuid { get; set; }

        protected override void ProcessRecord()
        {
            string guid = DeploymentGuid.ToString("D");
            CancelAndRead("Cloud Foundry deployment " + guid, HttpMethod.Get, "/v3/deployments/" + guid + "/actions/cancel", "/v3/deployments/" + guid, null, "Authorization", "bearer " + Credential);
        }
    }

    [Cmdlet("Stop", "FloorReleaseText", SupportsShouldProcess = true)]
    public sealed class StopFloorReleaseTextCommand : FloorCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string ReleaseId { get; set; } = "";

        protected override void ProcessRecord() =>
            CancelAndRead("BuildMaster release " + ReleaseId, HttpMethod.Post, "/api/releases/cancel", "/api/releases", "{\"releaseId\":\"" + ReleaseId + "\"}", "X-ApiKey", Credential);
    }

    [Cmdlet("Stop", "FloorReleaseTyped", SupportsShouldProcess = true)]
    public sealed class StopFloorReleaseTypedCommand : FloorCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public int ReleaseId { get; set; }

        protected override void ProcessRecord() =>
            CancelAndRead("BuildMaster release " + ReleaseId, HttpMethod.Post, "/api/releases/cancel", "/api/releases", "{\"releaseId\":\"" + ReleaseId + "\"}", "X-ApiKey", Credential);
    }
}
