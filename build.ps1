#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds the Aggregator module and runs its tests or its demo.

.DESCRIPTION
    Build  dotnet build Aggregator.sln: compiles the projects and assembles the importable module in out/Aggregator.
    Test   Build, then dotnet test Aggregator.sln: core xunit, hosted-engine xunit, and each Pester file
           (tests/*.Tests.ps1) as a case under the pinned pwsh. The default.
    Pester Build, then only the Pester files, with Pester's full report in TestResults/pester.xml.
    Demo   Build, then samples/run-demo.ps1.

    Pester and the demo run in a child pwsh, so that this session never loads the module's DLLs and a later build can
    replace them. The exit code is non-zero when any step fails.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Configuration Release -Task Build
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    [ValidateSet('Build', 'Test', 'Pester', 'Demo')]
    [string] $Task = 'Test'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$solution = Join-Path $PSScriptRoot 'Aggregator.sln'
$moduleDir = Join-Path $PSScriptRoot 'out' 'Aggregator'
$pwsh = [Environment]::ProcessPath
if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -ne 'pwsh') {
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
}

function Invoke-Step([string] $Name, [scriptblock] $Command) {
    Write-Host ''
    Write-Host "==> $Name" -ForegroundColor Cyan
    $global:LASTEXITCODE = 0
    & $Command
    if ($LASTEXITCODE -ne 0) {
        Write-Host "$Name failed (exit code $LASTEXITCODE)." -ForegroundColor Red
        exit $LASTEXITCODE
    }
}

Invoke-Step "dotnet build Aggregator.sln -c $Configuration" {
    dotnet build $solution --configuration $Configuration --nologo
}
if (-not (Test-Path -LiteralPath (Join-Path $moduleDir 'Aggregator.psd1'))) {
    Write-Host "The build did not assemble the module in $moduleDir." -ForegroundColor Red
    exit 1
}
Write-Host "Module: $moduleDir  (Import-Module $moduleDir)"

if ($Task -eq 'Test') {
    Invoke-Step "dotnet test Aggregator.sln -c $Configuration" {
        dotnet test $solution --configuration $Configuration --no-build --nologo
    }

}
elseif ($Task -eq 'Pester') {
    # Pester 5.7.1 comes from NuGet with the build (tests/Aggregator.Pester.Tests copies it into out/tools/Pester).
    Invoke-Step 'Pester: tests/*.Tests.ps1' {
        & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'tests' 'Aggregator.Pester.Tests' 'Invoke-PesterFile.ps1') `
            -Path (Join-Path $PSScriptRoot 'tests') -PesterManifest (Join-Path $PSScriptRoot 'out' 'tools' 'Pester' 'Pester.psd1') `
            -ResultPath (Join-Path $PSScriptRoot 'TestResults' 'pester.xml')
    }
}
elseif ($Task -eq 'Demo') {
    Invoke-Step 'samples/run-demo.ps1' {
        & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'samples' 'run-demo.ps1')
    }
}

Write-Host ''
Write-Host "$Task succeeded." -ForegroundColor Green
