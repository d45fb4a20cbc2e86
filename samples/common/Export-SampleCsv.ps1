# Dot-sourced by the sample scripts. Export-Csv writes nothing for no rows, so a run without any would leave a file
# missing or stale: this writes the rows, or the header alone when there are none.
function Export-SampleCsv {
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Rows,
        [Parameter(Mandatory)] [string] $LiteralPath,
        [Parameter(Mandatory)] [string[]] $Columns
    )

    if ($Rows.Count -gt 0) {
        $Rows | Export-Csv -LiteralPath $LiteralPath -UseQuotes AsNeeded -Encoding utf8NoBOM
    }
    else {
        Set-Content -LiteralPath $LiteralPath -Value ($Columns -join ',') -Encoding utf8NoBOM
    }
}
