using System.Management.Automation;
using Aggregator.Store;

namespace Aggregator.Commands.Infrastructure;

/// <summary>The -Store parameter of any cmdlet: where the store is, opening it, and its failures as error records.</summary>
internal static class StoreArgument
{
    public static string Resolve(PSCmdlet cmdlet, string? given) =>
        given is null ? ResultStore.DefaultPath : PathResolver.ResolveOutput(cmdlet, given, literal: false);

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
