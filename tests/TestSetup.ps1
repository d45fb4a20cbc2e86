# Shared by the Pester files: imports the built module and names the sample files. Dot-source it in BeforeAll.
$script:Repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
$manifest = Join-Path $Repo 'out' 'Aggregator' 'Aggregator.psd1'
if (-not (Test-Path -LiteralPath $manifest)) {
    throw "The module is not built: run 'dotnet build Aggregator.sln' first ($manifest is missing)."
}
Import-Module $manifest -Force

$script:Samples = Join-Path $Repo 'samples'
$script:EventsJson = Join-Path $Samples 'events.json'
