using System.Management.Automation;
using Aggregator.Store;

namespace Aggregator.Commands.Infrastructure;

/// <summary>Base of the results-store cmdlets: the -Store parameter, its default, and the store's failures as errors.</summary>
public abstract class StoreCmdlet : AggregatorCmdlet
{
    /// <summary>The SQLite results file; by default results.db in the user's local data folder (Aggregator).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Store { get; set; }

    /// <summary>The store's full path, resolved against the current location.</summary>
    protected string StorePath => StoreArgument.Resolve(this, Store);

    private ResultStore? _opened;

    /// <summary>Opens the store, ending the command with a clear error when it cannot be used.</summary>
    protected ResultStore OpenStore() => _opened = StoreArgument.Open(this, Store);

    /// <summary>Lets go of the store's file once the command is done, so it can be moved or deleted.</summary>
    protected override void ReleaseResources() => _opened?.ReleaseConnections();

    /// <summary>Runs store work, turning a store failure into a terminating error.</summary>
    protected T WithStore<T>(System.Func<T> work)
    {
        try
        {
            return work();
        }
        catch (StoreException ex)
        {
            ThrowTerminatingError(StoreArgument.ErrorOf(ex, StorePath));
            return default!;
        }
    }
}
