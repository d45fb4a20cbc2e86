using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Aggregator.Reporting;
using Aggregator.Store;

namespace Aggregator.Service;

/// <summary>
/// The Mock S3 Aggregator's HTTP API and web UI over a real results store, on HttpListener: uploads are stored and
/// queued at once (202), an ingest processes them in the background, and results are read back by id or status. No
/// path from a client reaches the file system: files are stored under their content id, pages are fixed names.
/// </summary>
public sealed class AggregatorServer : IDisposable
{
    private static readonly Regex FileIdPattern = new("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.CultureInvariant);
    private static readonly HashSet<string> UploadTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream", "text/tab-separated-values",
    };

    private const string KeyCookie = "aggregator_key";

    /// <summary>How much of a refused upload is read and dropped before answering; a larger one has its connection cut.</summary>
    private const long DiscardLimit = 64L << 20;

    private readonly ResultStore _store;
    private readonly ServerOptions _options;
    private readonly ServerAssets _assets;
    private readonly HttpListener _listener = new();
    private readonly SemaphoreSlim _uploaded = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = new();

    public AggregatorServer(ResultStore store, ServerOptions options, ServerAssets assets)
    {
        if (!options.IsLoopback && string.IsNullOrEmpty(options.ApiKey))
        {
            throw new ArgumentException($"Listening on {options.Address}, beyond this machine, needs an API key (-ApiKey).");
        }

        _store = store;
        _options = options;
        _assets = assets;
        string host = options.Address.Equals(IPAddress.Any) || options.Address.Equals(IPAddress.IPv6Any) ? "+"
            : options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Address}]" : options.Address.ToString();
        Url = new Uri($"http://{(host == "+" ? "localhost" : host)}:{options.Port}/");
        _listener.Prefixes.Add($"http://{host}:{options.Port}/");
    }

    public Uri Url { get; }

    /// <summary>A line per request and per processed file, for -Verbose.</summary>
    public event Action<string>? Log;

    /// <summary>A processed file's result, as the ingest finishes it.</summary>
    public event Action<SensorFileSummary>? Processed;

    /// <summary>Starts listening and the background ingest; returns at once.</summary>
    public void Start()
    {
        _listener.Start();
        _running.Add(Task.Run(AcceptLoop));
        _running.Add(Task.Run(IngestLoop));
        _uploaded.Release();   // files left waiting by an earlier run are processed too
    }

    /// <summary>Stops taking requests and waits (briefly) for those in flight; an unfinished upload is never half stored.</summary>
    public void Stop()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            _listener.Stop();
        }
        catch (ObjectDisposedException)
        {
        }

        Task.WaitAll(_running.ToArray(), TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        Stop();
        _listener.Close();
        _store.ReleaseConnections();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;   // stopped
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void IngestLoop()
    {
        var ingest = new SensorIngest(_store, _options.ReadOptions) { Workers = _options.IngestWorkers };
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _uploaded.Wait(TimeSpan.FromSeconds(2), _stop.Token);
                while (_uploaded.CurrentCount > 0)
                {
                    _uploaded.Wait(0);   // one run takes every file waiting now
                }

                foreach (SensorFileSummary result in ingest.Run(_stop.Token))
                {
                    Log?.Invoke($"processed {result.FileId} {System.IO.Path.GetFileName(result.Path)}: {result.Status}");
                    Processed?.Invoke(result);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                // The ingest must outlive any one failure, or uploads would wait for ever; the next round retries.
                Log?.Invoke("ingest: " + ex.Message);
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        int status = 500;
        try
        {
            response.Headers["X-Content-Type-Options"] = "nosniff";
            status = Route(request, response);
        }
        catch (StoreException ex)
        {
            status = WriteError(response, 503, ex.Message);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            status = 499;   // the client went away
        }
        catch (Exception ex)
        {
            status = WriteError(response, 500, "The request failed: " + ex.GetType().Name);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }

        Log?.Invoke($"{request.HttpMethod} {request.Url?.AbsolutePath} {status}");
    }

    private int Route(HttpListenerRequest request, HttpListenerResponse response)
    {
        if (_options.ApiKey is { } key)
        {
            // A browser cannot send a header from a link: /ui?key=... sets a same-site, script-proof cookie instead.
            if (request.QueryString["key"] is { } given && request.HttpMethod == "GET" && SameKey(given, key))
            {
                response.Headers.Add("Set-Cookie", $"{KeyCookie}={Uri.EscapeDataString(key)}; Path=/; HttpOnly; SameSite=Strict");
                response.Redirect(request.Url!.AbsolutePath);
                return 302;
            }

            string? cookie = request.Cookies[KeyCookie]?.Value;
            if (!SameKey(request.Headers["X-Api-Key"], key) && !SameKey(cookie is null ? null : Uri.UnescapeDataString(cookie), key))
            {
                return WriteError(response, 401, "A valid X-Api-Key header is required (or open /ui?key=... once in a browser).");
            }
        }

        string path = request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
        string method = request.HttpMethod;
        switch (path)
        {
            case "/health":
                return method == "GET" ? Health(response) : NotAllowed(response, "GET");
            case "/openapi.json":
                return method == "GET" ? WriteText(response, 200, "application/json", OpenApiDocument.Json) : NotAllowed(response, "GET");
            case "/files":
                return method switch
                {
                    "POST" => Upload(request, response),
                    "GET" => List(request, response),
                    _ => NotAllowed(response, "GET, POST"),
                };
            case "" or "/ui":
                if (path == "")
                {
                    response.Redirect("/ui");
                    return 302;
                }

                return method == "GET" ? Page(response, "index.html") : NotAllowed(response, "GET");
            case "/ui/report":
                return method == "GET" ? Report(response) : NotAllowed(response, "GET");
            case "/ui/events":
                return method == "GET" ? EventsReport(response) : NotAllowed(response, "GET");
        }

        if (path.StartsWith("/files/", StringComparison.Ordinal))
        {
            string id = path["/files/".Length..];
            return method != "GET" ? NotAllowed(response, "GET")
                : FileIdPattern.IsMatch(id) ? Get(id, response) : WriteError(response, 404, "No file has that id.");
        }

        if (path.StartsWith("/ui/files/", StringComparison.Ordinal) && FileIdPattern.IsMatch(path["/ui/files/".Length..]))
        {
            return method == "GET" ? Page(response, "file.html") : NotAllowed(response, "GET");
        }

        if (path.StartsWith("/ui/assets/", StringComparison.Ordinal) && method == "GET")
        {
            string name = path["/ui/assets/".Length..];
            return name is "ui.js" or "ui.css" ? Page(response, name) : WriteError(response, 404, "No such page.");
        }

        return WriteError(response, 404, "No such page.");
    }

    private int Health(HttpListenerResponse response)
    {
        int waiting = _store.SensorFiles.Query(new SensorFileQuery
        {
            Statuses = new[] { SensorFileStatus.Uploaded, SensorFileStatus.Processing },
            WithErrors = false,
        }).Count;
        return WriteJson(response, 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("status", "ok");
            json.WriteNumber("waiting", waiting);
            json.WriteEndObject();
        });
    }

    private int Upload(HttpListenerRequest request, HttpListenerResponse response)
    {
        string? boundary = MultipartForm.BoundaryOf(request.ContentType);
        if (boundary is null)
        {
            return WriteError(response, 415, "Send the files as multipart/form-data.");
        }

        byte[]? body = request.ContentLength64 > _options.MaxUploadBytes ? null : ReadBody(request.InputStream, _options.MaxUploadBytes);
        if (body is null)
        {
            // The rest of the body is read and dropped (up to a bound) so that the client, still sending, gets the answer
            // rather than a broken connection.
            Discard(request.InputStream, DiscardLimit);
            return WriteError(response, 413, $"The upload is larger than {_options.MaxUploadBytes} bytes.");
        }

        List<FormPart> parts;
        try
        {
            parts = MultipartForm.Parse(body, boundary);
        }
        catch (FormatException ex)
        {
            return WriteError(response, 400, "The form is malformed: " + ex.Message);
        }

        List<FormPart> files = parts.Where(part => part.FileName is not null).ToList();
        if (files.Count == 0)
        {
            return WriteError(response, 400, "The form holds no file (field 'file').");
        }

        FormPart? wrongType = files.FirstOrDefault(part => !UploadTypes.Contains(part.ContentType.Split(';')[0].Trim()));
        if (wrongType is not null)
        {
            return WriteError(response, 415, $"'{wrongType.ContentType}' is not a CSV file type.");
        }

        var stored = new List<(string Id, string Name, bool Added)>();
        foreach (FormPart file in files)
        {
            string name = CleanName(file.FileName!);
            using var content = new MemoryStream(file.Content.ToArray(), writable: false);
            var (summary, added) = _store.SensorFiles.Submit(content, name);
            stored.Add((summary.FileId, name, added));
        }

        _uploaded.Release();
        return WriteJson(response, 202, json =>
        {
            json.WriteStartObject();
            json.WriteString("file_id", stored[0].Id);
            json.WriteStartArray("files");
            foreach (var (id, name, added) in stored)
            {
                json.WriteStartObject();
                json.WriteString("file_id", id);
                json.WriteString("name", name);
                json.WriteBoolean("new", added);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private int List(HttpListenerRequest request, HttpListenerResponse response)
    {
        string? status = request.QueryString["status"];
        List<SensorFileStatus>? statuses = null;
        if (!string.IsNullOrEmpty(status))
        {
            statuses = new List<SensorFileStatus>();
            foreach (string name in status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Enum.TryParse(name, ignoreCase: true, out SensorFileStatus parsed) || !Enum.IsDefined(parsed) || int.TryParse(name, out _))
                {
                    return WriteError(response, 400, "status is one or more of uploaded, processing, processed, partial and failed, separated by commas.");
                }

                statuses.Add(parsed);
            }
        }

        IReadOnlyList<SensorFileSummary> files = _store.SensorFiles.Query(new SensorFileQuery { Statuses = statuses, WithErrors = false });
        return WriteJson(response, 200, json =>
        {
            json.WriteStartArray();
            foreach (SensorFileSummary file in files)
            {
                ResultDocument.Write(json, file, withErrors: false);
            }

            json.WriteEndArray();
        });
    }

    private int Get(string id, HttpListenerResponse response)
    {
        SensorFileSummary? file = _store.SensorFiles.Query(new SensorFileQuery { FileIds = new[] { id } }).FirstOrDefault();
        return file is null
            ? WriteError(response, 404, "No file has that id.")
            : WriteJson(response, 200, json => ResultDocument.Write(json, file, withErrors: true));
    }

    // The HTML report of every stored sensor file, made on each request.
    private int Report(HttpListenerResponse response)
    {
        var section = new SensorReportSection();
        foreach (SensorFileSummary file in _store.SensorFiles.Query(SensorFileQuery.All))
        {
            section.Add(file);
        }

        foreach (SensorSummary sensor in _store.SensorFiles.QuerySensors(SensorFileQuery.All))
        {
            section.Add(sensor);
        }

        using var text = new StringWriter();
        HtmlReportWriter.Write(text, "Stored sensor files", new IReportSection[] { section }, _assets.Report, DateTime.UtcNow);
        return WriteText(response, 200, "text/html; charset=utf-8", text.ToString());
    }

    // The event dashboard over what event cmdlets stored with -Store (per-user totals, sessions, hourly counts).
    private int EventsReport(HttpListenerResponse response)
    {
        var section = new EventReportSection();
        var users = new Merging.UserEventSummaryMerger();
        long skipped = _store.EventFiles.ReadAllResults(Merging.ResultKind.UserEventSummary.ToString(),
            values => section.Add(users.Read(Merging.ResultProperties.FromDictionary(values, "a stored per-user result"))));
        section.AddSkippedCount(skipped);
        var sessions = new Merging.SessionMerger();
        _store.EventFiles.ReadAllResults(Merging.ResultKind.EventSession.ToString(),
            values => section.Add(sessions.Read(Merging.ResultProperties.FromDictionary(values, "a stored session"))));
        var hours = new Merging.TimeBucketMerger(keyed: false);
        _store.EventFiles.ReadAllResults(Merging.ResultKind.EventTimeBucket.ToString(),
            values => section.Add(hours.Read(Merging.ResultProperties.FromDictionary(values, "a stored hour"))));
        using var text = new StringWriter();
        HtmlReportWriter.Write(text, "Stored event results", new IReportSection[] { section }, _assets.Report, DateTime.UtcNow);
        return WriteText(response, 200, "text/html; charset=utf-8", text.ToString());
    }

    private int Page(HttpListenerResponse response, string name)
    {
        if (!_assets.UiFiles.TryGetValue(name, out string? content))
        {
            return WriteError(response, 404, "No such page.");
        }

        string type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8"
            : name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
        response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        return WriteText(response, 200, type, content);
    }

    // A client's file name shows in lists; only its last segment is kept, without control characters, and it is never a path.
    // Browsers write a quote in a file name as %22 (and line breaks as %0D, %0A), as the HTML standard says: undone here.
    private static string CleanName(string given)
    {
        string name = given.Replace("%22", "\"", StringComparison.Ordinal).Replace("%0D", "\r", StringComparison.Ordinal)
            .Replace("%0A", "\n", StringComparison.Ordinal).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? "upload.csv" : name.Length > 200 ? name[..200] : name;
    }

    private static bool SameKey(string? given, string key) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));

    private static byte[]? ReadBody(Stream input, long limit)
    {
        using var body = new MemoryStream();
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static void Discard(Stream input, long limit)
    {
        byte[] buffer = new byte[1 << 16];
        long dropped = 0;
        int read;
        while (dropped < limit && (read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            dropped += read;
        }
    }

    private static int NotAllowed(HttpListenerResponse response, string allow)
    {
        response.Headers["Allow"] = allow;
        return WriteError(response, 405, $"Use {allow}.");
    }

    private static int WriteError(HttpListenerResponse response, int status, string message) => WriteJson(response, status, json =>
    {
        json.WriteStartObject();
        json.WriteString("error", message);
        json.WriteEndObject();
    });

    private static int WriteJson(HttpListenerResponse response, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return WriteBytes(response, status, "application/json; charset=utf-8", buffer.ToArray());
    }

    private static int WriteText(HttpListenerResponse response, int status, string type, string text) =>
        WriteBytes(response, status, type, Encoding.UTF8.GetBytes(text));

    private static int WriteBytes(HttpListenerResponse response, int status, string type, byte[] bytes)
    {
        response.StatusCode = status;
        response.ContentType = type;
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes, 0, bytes.Length);
        return status;
    }
}
