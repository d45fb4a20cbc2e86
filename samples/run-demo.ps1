<#
.SYNOPSIS
    Runs every reference script in samples/ into a fresh output folder.

.DESCRIPTION
    Builds the module first when out/Aggregator is missing (dotnet build Aggregator.sln), imports it, then runs each
    samples/*.ps1 script except this one. Each script gets its own sub-folder of the output folder, passed as
    -OutputDirectory when the script takes that parameter. A script that fails is reported and the others still run;
    the exit code is 1 when any failed.

.EXAMPLE
    pwsh ./samples/run-demo.ps1

.EXAMPLE
    pwsh ./samples/run-demo.ps1 -OutputDirectory /tmp/aggregator-demo
#>
[CmdletBinding()]
param(
    # Where the results go; samples/output/<timestamp> by default.
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'output' (Get-Date -Format 'yyyyMMdd-HHmmss'))
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$repo = Split-Path -Parent $PSScriptRoot
$manifest = Join-Path $repo 'out' 'Aggregator' 'Aggregator.psd1'

if (-not (Test-Path -LiteralPath $manifest)) {
    Write-Host "out/Aggregator is missing: running dotnet build Aggregator.sln"
    & dotnet build (Join-Path $repo 'Aggregator.sln') --nologo
    if ($LASTEXITCODE -ne 0) { throw "dotnet build failed (exit code $LASTEXITCODE)." }
    if (-not (Test-Path -LiteralPath $manifest)) { throw "The build did not produce $manifest." }
}

if (-not (Get-Module Aggregator)) {
    Import-Module $manifest
}

$null = New-Item -ItemType Directory -Path $OutputDirectory -Force
$OutputDirectory = (Resolve-Path -LiteralPath $OutputDirectory).ProviderPath

$scripts = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.ps1' -File |
        Where-Object Name -ne $MyInvocation.MyCommand.Name |
        Sort-Object Name)

$failed = @()
foreach ($script in $scripts) {
    $target = Join-Path $OutputDirectory $script.BaseName
    $arguments = @{}
    if ((Get-Command -Name $script.FullName).Parameters.ContainsKey('OutputDirectory')) {
        $null = New-Item -ItemType Directory -Path $target -Force
        $arguments.OutputDirectory = $target
    }

    Write-Host ''
    Write-Host ('=' * 78)
    Write-Host "$($script.Name)  ->  $target"
    Write-Host ('=' * 78)
    try {
        $global:LASTEXITCODE = 0
        & $script.FullName @arguments | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "exit code $LASTEXITCODE" }
    }
    catch {
        $failed += $script.Name
        Write-Host "FAILED: $($script.Name): $_" -ForegroundColor Red
    }
}

Write-Host ''
Write-Host "Ran $($scripts.Count) sample script(s); results in $OutputDirectory"
Get-ChildItem -LiteralPath $OutputDirectory -Recurse -File |
    ForEach-Object { Write-Host ('  ' + [System.IO.Path]::GetRelativePath($OutputDirectory, $_.FullName)) }

if ($failed.Count -gt 0) {
    Write-Host "Failed: $($failed -join ', ')" -ForegroundColor Red
    exit 1
}
