# Dot-sourced by the sample scripts: uses the Aggregator module already in the session, or imports the one the build
# put in out/Aggregator.
if (-not (Get-Module Aggregator)) {
    $manifest = Join-Path $PSScriptRoot '..' '..' 'out' 'Aggregator' 'Aggregator.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The Aggregator module is not built: run 'dotnet build Aggregator.sln' in the repository first."
    }
    Import-Module $manifest
}
