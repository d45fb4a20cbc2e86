# The module's type data, imported by Aggregator.psm1 once the assemblies it names are loaded.
@{
    ModuleVersion     = '0.1.0'
    GUID              = '0b7d2c61-5d1e-4c53-9a0e-6f3f2b8e4a17'
    TypesToProcess    = @('Aggregator.Types.ps1xml')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
