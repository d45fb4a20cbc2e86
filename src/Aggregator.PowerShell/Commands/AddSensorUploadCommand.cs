using System;
using System.IO;
using System.Management.Automation;
using Aggregator.Commands.Infrastructure;
using Aggregator.Store;

namespace Aggregator.Commands;

/// <summary>
/// Adds sensor files to a results store: each is copied into the store's object folder under its content id and
/// recorded as Uploaded, for Start-SensorIngest. The same bytes again are recognised and not added twice.
/// </summary>
[Cmdlet(VerbsCommon.Add, "SensorUpload", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(SensorFileSummary))]
public sealed class AddSensorUploadCommand : StoreCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private ResultStore? _store;
    private string? _storePath;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string given in (literal ? LiteralPath : Path)!)
        {
            foreach (string file in ResolveFiles(given, literal))
            {
                Cancellation.ThrowIfCancellationRequested();
                if (!ShouldProcess(file, $"Add to the store '{_storePath ??= StorePath}'"))
                {
                    continue;
                }

                _store ??= OpenStore();   // only now: -WhatIf leaves no store behind

                Upload(file);
            }
        }
    }

    private void Upload(string file)
    {
        try
        {
            var (summary, added) = _store!.SensorFiles.Submit(file);
            if (!added)
            {
                WriteVerbose($"'{file}' is already in the store as {summary.FileId} ({summary.Status}).");
            }

            WriteObject(summary);
        }
        catch (StoreException ex)
        {
            ThrowTerminatingError(StoreArgument.ErrorOf(ex, _store!.Path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, "FileReadFailed", ErrorCategory.ReadError, file));
        }
    }

    private string[] ResolveFiles(string given, bool literal)
    {
        try
        {
            var resolved = PathResolver.Resolve(this, given, literal);
            var files = new System.Collections.Generic.List<string>();
            foreach (string path in resolved)
            {
                if (Directory.Exists(path))
                {
                    WriteError(new ErrorRecord(new IOException($"'{path}' is a folder; give its files."), "PathIsDirectory",
                        ErrorCategory.InvalidArgument, path));
                }
                else if (!File.Exists(path))
                {
                    WriteError(new ErrorRecord(new FileNotFoundException($"Cannot find the file '{path}'.", path), "PathNotFound",
                        ErrorCategory.ObjectNotFound, path));
                }
                else
                {
                    files.Add(path);
                }
            }

            return files.ToArray();
        }
        catch (ItemNotFoundException ex)
        {
            WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, given));
        }
        catch (NotFileSystemPathException)
        {
            WriteError(NotFileSystemPath(given));
        }

        return Array.Empty<string>();
    }
}
