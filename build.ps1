#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds the Aggregator module and runs its tests or its demo.

.DESCRIPTION
    Build  dotnet build Aggregator.sln: compiles the projects and assembles the importable module in out/Aggregator.
    Test   Build, then dotnet test Aggregator.sln (xunit), then the Pester tests in tests/*.Tests.ps1 where Pester 5
           or later is installed (otherwise it says they were skipped). The default.
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

    [ValidateSet('Build', 'Test', 'Demo')]
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

    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    if ($null -eq $pester) {
        Write-Host ''
        Write-Host 'Pester 5 or later is not installed: the Pester tests (tests/*.Tests.ps1) were skipped.' -ForegroundColor Yellow
        Write-Host 'Install it with: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
    }
    else {
        $results = Join-Path $PSScriptRoot 'TestResults' 'pester.xml'
        Invoke-Step "Pester $($pester.Version): tests/*.Tests.ps1" {
            & $pwsh -NoProfile -NonInteractive -Command {
                param($PesterManifest, $TestsPath, $ResultsPath)
                Import-Module $PesterManifest
                $config = New-PesterConfiguration
                $config.Run.Path = $TestsPath
                $config.Run.Exit = $true
                $config.Output.Verbosity = 'Detailed'
                $config.TestResult.Enabled = $true
                $config.TestResult.OutputPath = $ResultsPath
                Invoke-Pester -Configuration $config
            } -args $pester.Path, (Join-Path $PSScriptRoot 'tests'), $results
        }
    }
}
elseif ($Task -eq 'Demo') {
    Invoke-Step 'samples/run-demo.ps1' {
        & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'samples' 'run-demo.ps1')
    }
}

Write-Host ''
Write-Host "$Task succeeded." -ForegroundColor Green
