@{
    RootModule           = 'Aggregator.psm1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '4d3c6f0e-8a52-4d7b-9a61-2f0f1f6d9b4e'
    Author               = 'Aggregator contributors'
    CompanyName          = 'Aggregator'
    Copyright            = '(c) Aggregator contributors. All rights reserved.'
    Description          = 'Turns messy event and telemetry files (JSON, JSON Lines, multi-line JSON, CSV, gzip) into typed objects and fast aggregates.'
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('Aggregator.Format.ps1xml')
    CmdletsToExport      = @(
        'Import-EventRecord'
        'Measure-UserEvent'
        'Measure-EventRecord'
        'Group-EventByHour'
        'Get-EventSession'
        'Measure-KwhUsage'
        'Import-SensorReading'
        'Measure-SensorReading'
        'Import-SignInActivity'
        'Export-JsonLines'
        'Measure-Record'
        'Merge-Aggregate'
        'Add-SensorUpload'
        'Start-SensorIngest'
        'Get-SensorResult'
        'Export-AggregateReport'
        'Start-AggregatorServer'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Measure-UserEvents')
    PrivateData          = @{
        PSData = @{
            Tags       = @('events', 'telemetry', 'json', 'jsonl', 'csv', 'aggregation', 'logs', 'energy', 'kwh', 'sensors', 'graph', 'signin', 'entra')
        }
    }
}
