using System.Management.Automation;
using Aggregator.Store;

namespace Aggregator.Commands.Infrastructure;

/// <summary>The -Store parameter of any cmdlet: where the store is, opening it, and its failures as error records.</summary>
internal static class StoreArgument
{
    /// <summary>The store's full path; a -Store that is not one file system path ends the command with a clear error.</summary>
    public static string Resolve(PSCmdlet cmdlet, string? given)
    {
        if (given is null)
        {
            return ResultStore.DefaultPath;
        }

        try
        {
            return PathResolver.ResolveOutput(cmdlet, given, literal: false);
        }
        catch (System.Exception ex) when (ex is NotFileSystemPathException or AmbiguousPathException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ex is AmbiguousPathException ? "AmbiguousPath" : "NotFileSystemPath",
                ErrorCategory.InvalidArgument, given));
            throw;
        }
    }

    public static ResultStore Open(PSCmdlet cmdlet, string? given)
    {
        string path = Resolve(cmdlet, given);
        try
        {
            return ResultStore.Open(path);
        }
        catch (StoreException ex)
        {
            cmdlet.ThrowTerminatingError(ErrorOf(ex, path));
            throw;
        }
    }

    public static ErrorRecord ErrorOf(StoreException ex, string path) => new(ex, "Store" + ex.Problem, ex.Problem switch
    {
        StoreProblem.Corrupt => ErrorCategory.InvalidData,
        StoreProblem.Locked => ErrorCategory.ResourceBusy,
        StoreProblem.NewerVersion => ErrorCategory.InvalidOperation,
        StoreProblem.MissingObject => ErrorCategory.ObjectNotFound,
        _ => ErrorCategory.WriteError,
    }, path);
}
