using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace ReleaseCmdlets.Benchmarks
{
    /// <summary>
    /// The baseline: the same requests the cmdlets make, with a bare HttpClient in a tight loop, reading and parsing each
    /// answer, and nothing else (no retries, no error mapping, no pipeline).
    /// </summary>
    public static class RawHttpLoop
    {
        private static readonly HttpClient Http = new HttpClient();

        /// <summary>Stop-BmRelease: POST /api/releases/cancel, then POST /api/releases to read the release back.</summary>
        public static TimeSpan BuildMaster(string url, string apiKey, IEnumerable<int> releaseIds)
        {
            var clock = Stopwatch.StartNew();
            foreach (int id in releaseIds)
            {
                string body = "{\"releaseId\":\"" + id + "\"}";
                Send(HttpMethod.Post, url + "/api/releases/cancel", body, "X-ApiKey", apiKey);
                using (JsonDocument.Parse(Send(HttpMethod.Post, url + "/api/releases", body, "X-ApiKey", apiKey)))
                {
                }
            }

            return clock.Elapsed;
        }

        /// <summary>Stop-CfDeployment: POST …/actions/cancel, then GET the deployment.</summary>
        public static TimeSpan CloudFoundry(string url, string token, IEnumerable<string> guids)
        {
            var clock = Stopwatch.StartNew();
            foreach (string guid in guids)
            {
                Send(HttpMethod.Post, url + "/v3/deployments/" + guid + "/actions/cancel", null, "Authorization", "bearer " + token);
                using (JsonDocument.Parse(Send(HttpMethod.Get, url + "/v3/deployments/" + guid, null, "Authorization", "bearer " + token)))
                {
                }
            }

            return clock.Elapsed;
        }

        /// <summary>One request, sent synchronously, its body read whole (shared with the floor cmdlets).</summary>
        public static string Send(HttpMethod method, string url, string json, string header, string value)
        {
            using (var request = new HttpRequestMessage(method, url))
            {
                request.Headers.TryAddWithoutValidation(header, value);
                if (json != null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                using (HttpResponseMessage response = Http.SendAsync(request).GetAwaiter().GetResult())
                {
                    response.EnsureSuccessStatusCode();
                    return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                }
            }
        }
    }
}
