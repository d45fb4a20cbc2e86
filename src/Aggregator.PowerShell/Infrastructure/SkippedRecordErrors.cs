using System;
using System.Management.Automation;
using System.Reflection;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Writes a skipped record's error so that it never ends the command: a skipped record is data, and a script that runs
/// with $ErrorActionPreference = 'Stop' (or -ErrorAction Stop) still wants the aggregate of the good records.
/// Under Stop the error is written as under Continue: shown, in -ErrorVariable and $Error, and the command goes on.
/// PowerShell has no public way to write one error with another preference, and catching the stop exception is too
/// late (the pipeline is already marked as failed); so the command runtime's own (internal) ErrorAction is switched
/// around the write. It is found by reflection once; where it is missing the error is written as usual.
/// </summary>
internal static class SkippedRecordErrors
{
    private static readonly object Gate = new();
    private static Type? _runtimeType;
    private static PropertyInfo? _errorAction;

    public static void Write(Cmdlet cmdlet, ErrorRecord error)
    {
        object? runtime = cmdlet.CommandRuntime;
        PropertyInfo? errorAction = runtime is null ? null : ErrorActionOf(runtime.GetType());
        if (errorAction is null || errorAction.GetValue(runtime) is not ActionPreference.Stop)
        {
            cmdlet.WriteError(error);
            return;
        }

        errorAction.SetValue(runtime, ActionPreference.Continue);
        try
        {
            cmdlet.WriteError(error);
        }
        finally
        {
            errorAction.SetValue(runtime, ActionPreference.Stop);
        }
    }

    private static PropertyInfo? ErrorActionOf(Type runtimeType)
    {
        lock (Gate)
        {
            if (_runtimeType != runtimeType)
            {
                PropertyInfo? property = runtimeType.GetProperty("ErrorAction", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
                _errorAction = property is { CanRead: true, CanWrite: true } && property.PropertyType == typeof(ActionPreference) ? property : null;
                _runtimeType = runtimeType;
            }

            return _errorAction;
        }
    }
}
