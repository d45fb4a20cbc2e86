using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Aggregator.Commands.Output;

/// <summary>
/// Shows a general summary's group (Aggregator.RecordSummary) to PowerShell as its columns: the -By fields, Bin, Count,
/// each figure, IsExact and State, read-only. Registered in Aggregator.Types.ps1xml. The group goes down the pipeline
/// as it is, and its columns are made only when something reads them (a view, Export-Csv, serialization), instead of
/// building a property bag per group up front, which cost more than the summary itself. State, the longest to make,
/// is made only when it is read.
/// </summary>
public sealed class RecordSummaryAdapter : PSPropertyAdapter
{
    private const string StateColumn = "State";
    private const int StateTag = -1;

    public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
    {
        IReadOnlyList<KeyValuePair<string, object?>> figures = ((RecordSummary)baseObject).GetFigures();
        var properties = new Collection<PSAdaptedProperty>();
        for (int i = 0; i < figures.Count; i++)
        {
            properties.Add(new PSAdaptedProperty(figures[i].Key, i));
        }

        properties.Add(new PSAdaptedProperty(StateColumn, StateTag));
        return properties;
    }

    public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
    {
        if (string.Equals(propertyName, StateColumn, StringComparison.OrdinalIgnoreCase))
        {
            return new PSAdaptedProperty(StateColumn, StateTag);
        }

        IReadOnlyList<KeyValuePair<string, object?>> figures = ((RecordSummary)baseObject).GetFigures();
        for (int i = 0; i < figures.Count; i++)
        {
            if (string.Equals(figures[i].Key, propertyName, StringComparison.OrdinalIgnoreCase))
            {
                return new PSAdaptedProperty(figures[i].Key, i);
            }
        }

        return null;
    }

    public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

    public override bool IsSettable(PSAdaptedProperty adaptedProperty) => false;

    public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
    {
        var summary = (RecordSummary)adaptedProperty.BaseObject;
        return (int)adaptedProperty.Tag == StateTag ? summary.State : summary.GetFigures()[(int)adaptedProperty.Tag].Value;
    }

    public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value) =>
        throw new NotSupportedException($"The {adaptedProperty.Name} of a summary cannot be changed; Select-Object makes a copy that can.");

    public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty) =>
        (int)adaptedProperty.Tag == StateTag ? typeof(string).FullName!
            : (GetPropertyValue(adaptedProperty)?.GetType() ?? typeof(object)).FullName!;
}
