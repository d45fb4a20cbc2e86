# Loads Aggregator in its own AssemblyLoadContext: only Aggregator.Loader.dll enters PowerShell's default context. The
# cmdlets, the core and their dependencies (CsvHelper, SQLite) load from dependencies/ into the module's context, so
# another module's versions of those cannot break Aggregator, nor Aggregator theirs. Only engine cmdlets are used here,
# so the module also imports into a bare hosted runspace.
if (-not ('Aggregator.Loader.ModuleLoadContext' -as [type])) {
    $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'Aggregator.Loader.dll'))
}

# Cmdlets first; the core is imported too so that its types ([Aggregator.EventRecord]) resolve in scripts.
foreach ($assembly in [Aggregator.Loader.ModuleLoadContext]::Initialize($PSScriptRoot)) {
    Import-Module -Assembly $assembly -Force
}

# The type data names types of these assemblies (a type adapter, code properties), so it loads once they are in, from a
# manifest of its own; one runspace at a time, as runspaces importing together in one process otherwise collide.
$gate = [Aggregator.Loader.ModuleLoadContext]::ImportGate
[System.Threading.Monitor]::Enter($gate)
try {
    Import-Module ([System.IO.Path]::Combine($PSScriptRoot, 'Aggregator.Types.psd1')) -Force
}
finally {
    [System.Threading.Monitor]::Exit($gate)
}
