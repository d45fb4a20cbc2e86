# Runs one Pester file with the Pester module the build copied into out/tools/Pester; exits non-zero when any test
# fails. Called by PesterSuiteTests (dotnet test) and build.ps1.
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $PesterManifest,
    [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path -LiteralPath $PesterManifest).ProviderPath -Force
$config = New-PesterConfiguration
$config.Run.Path = (Resolve-Path -Path $Path).ProviderPath
$config.Run.Exit = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
if ($ResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = $ResultPath
}
Invoke-Pester -Configuration $config
