# Dot-sourced by the sample scripts. A cell that starts with = + - @ or a tab or carriage return is a formula to
# Excel and LibreOffice: a user named '=HYPERLINK(...)' or "=cmd|' /C calc'!A0" would run when the CSV is opened.
# As OWASP recommends for CSV injection, such a text cell gets a leading single quote, which the spreadsheet shows as
# text. Numbers (including negative ones such as -1.5) and dates are left as they are.
function ConvertTo-SafeCsvRow {
    param([Parameter(Mandatory, ValueFromPipeline)] [AllowNull()] [object] $InputObject)

    process {
        if ($null -eq $InputObject) { return }
        $row = [ordered]@{}
        foreach ($property in $InputObject.PSObject.Properties) {
            $row[$property.Name] = ConvertTo-SafeCsvCell $property.Value
        }
        [pscustomobject]$row
    }
}

function ConvertTo-SafeCsvCell([object] $Value) {
    if ($null -eq $Value -or $Value -is [ValueType]) {
        return $Value
    }

    # ToString, as Export-Csv itself writes a cell: PowerShell's [string] would join a collection with spaces.
    $text = $Value.ToString()
    $number = 0.0
    $isNumber = [double]::TryParse($text, [Globalization.NumberStyles]::Float, [cultureinfo]::InvariantCulture, [ref]$number)
    if ($text.Length -gt 0 -and "=+-@`t`r".Contains($text[0]) -and -not $isNumber) {
        return "'" + $text
    }

    $text
}
