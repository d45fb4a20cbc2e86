# Shared by the Pester files: imports the built module and names the sample files. Dot-source it in BeforeAll.
$script:Repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
$manifest = Join-Path $Repo 'out' 'Aggregator' 'Aggregator.psd1'
if (-not (Test-Path -LiteralPath $manifest)) {
    throw "The module is not built: run 'dotnet build Aggregator.sln' first ($manifest is missing)."
}
Import-Module $manifest -Force

$script:Samples = Join-Path $Repo 'samples'
# Public files nobody on the project wrote: the shared repository's realdata folder beside this checkout.
$script:RealData = Join-Path $Repo '..' 'shared' 'realdata'
$script:EventsJson = Join-Path $Samples 'events.json'

# Runs a script block once per folder, all at once in a runspace pool (what Start-ThreadJob does), each run importing
# the module afresh. Returns one object per folder: Folder, Output (the run's objects) and Errors.
function Invoke-InRunspacePool([string[]] $Folders, [scriptblock] $Script) {
    $pool = [runspacefactory]::CreateRunspacePool(1, 4)
    $pool.Open()
    try {
        $runs = foreach ($dir in $Folders) {
            $ps = [powershell]::Create()
            $ps.RunspacePool = $pool
            $null = $ps.AddScript({
                    param($manifest, $dir, $body)
                    Import-Module $manifest
                    & ([scriptblock]::Create($body)) $dir
                }).AddArgument($manifest).AddArgument($dir).AddArgument($Script.ToString())
            [pscustomobject]@{ Folder = $dir; Shell = $ps; Handle = $ps.BeginInvoke() }
        }
        foreach ($run in $runs) {
            try {
                [pscustomobject]@{
                    Folder = $run.Folder
                    Output = @($run.Shell.EndInvoke($run.Handle))
                    Errors = @($run.Shell.Streams.Error)
                }
            }
            finally {
                $run.Shell.Dispose()
            }
        }
    }
    finally {
        $pool.Dispose()
    }
}
