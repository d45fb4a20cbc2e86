# Loads Aggregator in its own AssemblyLoadContext: only Aggregator.Loader.dll enters PowerShell's default context. The
# cmdlets, the core and their dependencies (CsvHelper, SQLite) load from dependencies/ into the module's context, so
# another module's versions of those cannot break Aggregator, nor Aggregator theirs.
if (-not ('Aggregator.Loader.ModuleLoadContext' -as [type])) {
    Add-Type -LiteralPath ([System.IO.Path]::Combine($PSScriptRoot, 'Aggregator.Loader.dll'))
}

# Cmdlets first; the core is imported too so that its types ([Aggregator.EventRecord]) resolve in scripts.
foreach ($assembly in [Aggregator.Loader.ModuleLoadContext]::Initialize($PSScriptRoot)) {
    Import-Module -Assembly $assembly -Force
}

# The type data names types of these assemblies (a type adapter, code properties), so it is loaded once they are in;
# type data outlives Remove-Module, so a second import in the same session finds it already there.
if (-not (Get-TypeData -TypeName 'Aggregator.RecordSummary')) {
    Update-TypeData -AppendPath ([System.IO.Path]::Combine($PSScriptRoot, 'Aggregator.Types.ps1xml'))
}
