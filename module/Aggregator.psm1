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

# PowerShell resolves the type adapter's type by name while it loads the type data. Resolved here first, it comes from
# PowerShell's type cache there. In CI one fresh process in several hundred could not resolve it at this point (the
# cause is not pinned down), so a name that does not resolve yet is tried again for up to a second, and if it still
# does not, the warning says which copies of the core are loaded and where.
foreach ($name in 'Aggregator.RecordSummary', 'Aggregator.Commands.Output.RecordSummaryAdapter') {
    for ($try = 0; -not ($name -as [type]) -and $try -lt 20; $try++) {
        [System.Threading.Thread]::Sleep(50)
    }

    if (-not ($name -as [type])) {
        $copies = foreach ($loaded in [System.AppDomain]::CurrentDomain.GetAssemblies()) {
            if ($loaded.GetName().Name -like 'Aggregator.*') {
                '{0} in {1}' -f $loaded.FullName, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($loaded)
            }
        }
        if (Get-Command Write-Warning -ErrorAction Ignore) {   # not an engine cmdlet: a bare runspace has none
            Write-Warning ("Aggregator: PowerShell cannot resolve the type '{0}' yet; loaded: {1}" -f $name, ($copies -join '; '))
        }
    }
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
