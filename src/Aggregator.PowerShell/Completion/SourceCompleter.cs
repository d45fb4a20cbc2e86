using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Aggregator.Profiles;

namespace Aggregator.Commands.Completion;

/// <summary>Completes -Source with the names of the known log formats.</summary>
public sealed class SourceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionText.Matching(KnownSources.Names, wordToComplete, name => $"{name} log format");
}
