using System;
using System.Management.Automation;
using Aggregator.Parsing;

namespace Aggregator.Commands.Infrastructure;

/// <summary>
/// Lets a DateTime parameter take a DateTimeOffset (such as KwhUsage.Period, live or deserialized) or text in the
/// invariant culture (<see cref="DateArgument"/>); PowerShell itself converts neither a DateTimeOffset nor a
/// deserialized one to DateTime.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DateArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = DeserializedValue.Unwrap(inputData);
        if (DateArgument.TryConvert(value, out DateTime date))
        {
            return date;
        }

        if (value is string text)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{text}' is not a date. Give a DateTime, a DateTimeOffset, or text such as 2024-07-01 or 2024-07-01T00:00:00Z.");
        }

        return inputData;
    }
}
