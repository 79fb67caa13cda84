using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReleaseCmdlets.Simulator;

/// <summary>
/// For benchmarks only: a loopback HTTP/1.1 responder with keep-alive that answers the requests of a piped cancel
/// (BuildMaster cancel + read-back, Cloud Foundry cancel + read-back) from canned bodies, on raw sockets, without
/// state. It answers faster than any client asks, so that the client's own cost, not the server's, fills the time
/// a benchmark measures. (The simulator proper, with its state machines and ledger, is what tests use.)
/// </summary>
public static class FastResponder
{
    private static readonly System.Text.RegularExpressions.Regex ReleaseId = new("\"releaseId\"\\s*:\\s*\"?(\\d+)", System.Text.RegularExpressions.RegexOptions.Compiled);

    public static async Task RunAsync(CancellationToken stop)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(512);
        Console.WriteLine($"RESPONDER_URL=http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        Console.Out.Flush();
        using (stop.Register(listener.Stop))
        {
            while (!stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync(stop);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                socket.NoDelay = true;
                _ = Task.Run(() => ServeAsync(socket, stop), stop);
            }
        }
    }

    private static async Task ServeAsync(Socket socket, CancellationToken stop)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var buffer = new byte[64 * 1024];
        int filled = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int end;
                while ((end = IndexOfHeaderEnd(buffer, filled)) < 0)
                {
                    int read = await stream.ReadAsync(buffer.AsMemory(filled), stop);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                string head = Encoding.ASCII.GetString(buffer, 0, end);
                int bodyLength = ContentLength(head);
                while (filled < end + 4 + bodyLength)
                {
                    int read = await stream.ReadAsync(buffer.AsMemory(filled), stop);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                byte[] answer = Answer(head, Encoding.UTF8.GetString(buffer, end + 4, bodyLength));
                await stream.WriteAsync(answer, stop);
                int consumed = end + 4 + bodyLength;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    private static byte[] Answer(string head, string requestBody)
    {
        string[] requestLine = head.Substring(0, head.IndexOf('\r')).Split(' ');
        string method = requestLine[0];
        string path = requestLine.Length > 1 ? requestLine[1] : "/";
        string body = (method, path) switch
        {
            ("POST", "/api/releases") => Release(requestBody),
            ("GET", _) when path.StartsWith("/v3/deployments/", StringComparison.Ordinal) => Deployment(path.Substring("/v3/deployments/".Length)),
            _ => "",
        };
        return Encoding.UTF8.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
    }

    /// <summary>The release asked for (its id from the request's body), cancelled: what BuildMaster lists after a cancel.</summary>
    private static string Release(string requestBody)
    {
        string id = ReleaseId.Match(requestBody) is { Success: true } found ? found.Groups[1].Value : "1";
        return "[{\"id\":" + id + ",\"number\":\"0." + id + "\",\"name\":\"Release 0." + id + "\",\"applicationId\":1,\"applicationName\":\"Accounting\"," +
            "\"pipelineName\":\"Standard\",\"status\":\"canceled\",\"createdOn\":\"2026-11-01T09:03:00Z\",\"sequence\":1}]";
    }

    private static string Deployment(string guid) =>
        "{\"guid\":\"" + guid + "\",\"created_at\":\"2026-11-20T10:00:00Z\",\"updated_at\":\"2026-11-20T10:01:00Z\"," +
        "\"status\":{\"value\":\"ACTIVE\",\"reason\":\"CANCELING\",\"details\":{}},\"strategy\":\"rolling\"," +
        "\"relationships\":{\"app\":{\"data\":{\"guid\":\"a9900000-0000-4000-8000-000000000001\"}}}}";

    private static int IndexOfHeaderEnd(byte[] buffer, int length)
    {
        for (int i = 0; i + 3 < length; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static int ContentLength(string head)
    {
        foreach (string line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
