using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;

namespace Aggregator.Commands.Output;

/// <summary>
/// Shows a general summary's group (Aggregator.RecordSummary) to PowerShell as its columns: the -By fields, Bin, Count,
/// each figure, IsExact and State, read-only. Registered in Aggregator.Types.ps1xml. The group goes down the pipeline
/// as it is, and its columns are made only when something reads them (Export-Csv, a view, serialization), instead of
/// building a property bag per group up front, which cost more than the summary itself.
/// </summary>
public sealed class RecordSummaryAdapter : PSPropertyAdapter
{
    public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
    {
        var summary = (RecordSummary)baseObject;
        var properties = new Collection<PSAdaptedProperty>();
        IReadOnlyList<KeyValuePair<string, object?>> columns = summary.GetColumns();
        for (int i = 0; i < columns.Count; i++)
        {
            properties.Add(new PSAdaptedProperty(columns[i].Key, i));
        }

        return properties;
    }

    public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
    {
        IReadOnlyList<KeyValuePair<string, object?>> columns = ((RecordSummary)baseObject).GetColumns();
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Key, propertyName, StringComparison.OrdinalIgnoreCase))
            {
                return new PSAdaptedProperty(columns[i].Key, i);
            }
        }

        return null;
    }

    public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

    public override bool IsSettable(PSAdaptedProperty adaptedProperty) => false;

    public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty) =>
        ((RecordSummary)adaptedProperty.BaseObject).GetColumns()[(int)adaptedProperty.Tag].Value;

    public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value) =>
        throw new NotSupportedException($"The {adaptedProperty.Name} of a summary cannot be changed; Select-Object makes a copy that can.");

    public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty) =>
        (((RecordSummary)adaptedProperty.BaseObject).GetColumns()[(int)adaptedProperty.Tag].Value?.GetType() ?? typeof(object)).FullName!;
}
