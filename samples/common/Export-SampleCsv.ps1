# Dot-sourced by the sample scripts: every CSV they write goes through here. Export-Csv writes nothing for no rows, so
# a run without any would leave a file missing or stale: this writes the rows, or the header alone when there are none.
# Cells that a spreadsheet would run as a formula are neutralised (ConvertTo-SafeCsvRow).
. (Join-Path $PSScriptRoot 'ConvertTo-SafeCsvRow.ps1')

function Export-SampleCsv {
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Rows,
        [Parameter(Mandatory)] [string] $LiteralPath,
        [Parameter(Mandatory)] [string[]] $Columns
    )

    if ($Rows.Count -gt 0) {
        $Rows | ConvertTo-SafeCsvRow | Export-Csv -LiteralPath $LiteralPath -UseQuotes AsNeeded -Encoding utf8NoBOM
    }
    else {
        Set-Content -LiteralPath $LiteralPath -Value ($Columns -join ',') -Encoding utf8NoBOM
    }
}
