# Pester 5 tests of the results store as scheduled scripts use it, across real processes: an ingest killed with
# SIGKILL and run again, a watched drop folder, and the module's own AssemblyLoadContext beside another module's
# CsvHelper and Microsoft.Data.Sqlite (older versions restored by the test project into out/tools/clash).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    # The pwsh running these tests: its own executable, or its .NET host and pwsh.dll when it runs as a dotnet tool.
    $script:PwshCommand = if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'pwsh') {
        @([Environment]::ProcessPath)
    }
    else {
        @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    $script:Manifest = Join-Path $Repo 'out' 'Aggregator' 'Aggregator.psd1'

    # Sensor files of $Rows valid rows each over three sensors; returns their paths.
    function script:New-SensorFiles([string] $Folder, [int] $Count, [int] $Rows) {
        $null = New-Item -ItemType Directory -Force -Path $Folder
        foreach ($i in 1..$Count) {
            $text = [System.Text.StringBuilder]::new("sensor_id,timestamp,value`n")
            foreach ($r in 0..($Rows - 1)) {
                $hour = [math]::Floor($r / 3600) % 24
                $minute = [math]::Floor($r / 60) % 60
                $null = $text.Append(('s-{0},2025-10-01T{1:00}:{2:00}:{3:00}Z,{4}' -f (($r + $i) % 3), $hour, $minute, ($r % 60), ((($r * 7 + $i) % 1000) / 4))).Append("`n")
            }
            $path = Join-Path $Folder ('f{0:000}.csv' -f $i)
            [System.IO.File]::WriteAllText($path, $text.ToString())
            $path
        }
    }

    # Runs a script in a new pwsh process and returns that process (not waited for).
    function script:Start-Pwsh([string] $Script) {
        $info = [System.Diagnostics.ProcessStartInfo]::new($PwshCommand[0])
        foreach ($arg in @($PwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Script)) {
            $info.ArgumentList.Add($arg)
        }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        [System.Diagnostics.Process]::Start($info)
    }
}

Describe 'An ingest killed with SIGKILL' {
    BeforeAll {
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("agg-kill-" + [guid]::NewGuid().ToString('N'))
        $script:Files = New-SensorFiles -Folder (Join-Path $Work 'in') -Count 40 -Rows 20000
        $script:Store = Join-Path $Work 'results.db'
        $null = $Files | Add-SensorUpload -Store $Store

        # One worker, so the kill lands between files or inside one, never after all of them.
        $child = Start-Pwsh "Import-Module '$Manifest'; Start-SensorIngest -Store '$Store' -ThrottleLimit 1 -LeaseTime 00:00:03 | Out-Null"
        $deadline = [datetime]::UtcNow.AddSeconds(120)
        while ([datetime]::UtcNow -lt $deadline -and @(Get-SensorResult -Store $Store -Status Processed).Count -lt 3) {
            Start-Sleep -Milliseconds 100
        }
        $child.Kill()   # SIGKILL on Linux: no cleanup runs
        $child.WaitForExit()
        $script:AtKill = Get-SensorResult -Store $Store | Group-Object Status -AsHashTable -AsString
        Start-Sleep -Seconds 4   # the killed claim's lease runs out
        $script:Resumed = @(Start-SensorIngest -Store $Store -ThrottleLimit 2)
        $script:Final = @(Get-SensorResult -Store $Store)
    }
    AfterAll { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }

    It 'was killed part way, with files still waiting' {
        $AtKill['Processed'].Count | Should -BeGreaterOrEqual 3
        ($AtKill['Uploaded'].Count + $AtKill['Processing'].Count) | Should -BeGreaterThan 0
    }

    It 'is finished by the next run: every file processed once, none lost' {
        $Final.Count | Should -Be 40
        @($Final | Where-Object Status -ne 'Processed').Count | Should -Be 0
        $Resumed.Count | Should -Be (40 - $AtKill['Processed'].Count)
        @($Final | Where-Object RowCount -ne 20000).Count | Should -Be 0
    }

    It 'counts no reading twice: the per-sensor figures equal reading the files directly' {
        $stored = Get-SensorResult -Store $Store -BySensor | ForEach-Object { '{0}={1}/{2:0.###}' -f $_.SensorId, $_.Count, $_.Sum }
        $direct = Measure-SensorReading -LiteralPath $Files -BySensor | ForEach-Object { '{0}={1}/{2:0.###}' -f $_.SensorId, $_.Count, $_.Sum }
        $stored | Should -Be $direct
        ($stored | ForEach-Object { [long]($_ -split '[=/]')[1] } | Measure-Object -Sum).Sum | Should -Be (40 * 20000)
    }

    It 'leaves tables that the sqlite3 shell reads' {
        if (-not (Get-Command sqlite3 -ErrorAction SilentlyContinue)) {
            apt-get install -y -qq sqlite3 *>&1 | Out-Null   # Debian's shell; the test fails below if it cannot be had
        }
        sqlite3 $Store "SELECT status, count(*) FROM sensor_file GROUP BY status" | Should -Be 'Processed|40'
    }
}

Describe 'Start-SensorIngest -Watch' {
    It 'adds files dropped into the folder and processes them, until stopped' {
        $work = Join-Path ([System.IO.Path]::GetTempPath()) ("agg-watch-" + [guid]::NewGuid().ToString('N'))
        $drop = Join-Path $work 'drop'
        $null = New-Item -ItemType Directory -Force -Path $drop
        $store = Join-Path $work 'results.db'
        try {
            $child = Start-Pwsh "Import-Module '$Manifest'; Start-SensorIngest -Store '$store' -Watch '$drop' -Filter *.csv -PollInterval 00:00:00.2 | Out-Null"
            Start-Sleep -Seconds 2
            $files = New-SensorFiles -Folder $drop -Count 3 -Rows 100
            [System.IO.File]::WriteAllText((Join-Path $drop 'notes.txt'), 'not a sensor file')
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while ([datetime]::UtcNow -lt $deadline -and @(Get-SensorResult -Store $store -Status Processed).Count -lt 3) {
                Start-Sleep -Milliseconds 200
            }
            $child.HasExited | Should -BeFalse
            $results = @(Get-SensorResult -Store $store)
            $results.Count | Should -Be 3
            @($results | Where-Object Status -eq 'Processed').Count | Should -Be 3
            ($results.Path | ForEach-Object { Split-Path $_ -Leaf } | Sort-Object) | Should -Be @('f001.csv', 'f002.csv', 'f003.csv')
        }
        finally {
            if ($child -and -not $child.HasExited) { $child.Kill() }
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }
    }
}

Describe "The module's own AssemblyLoadContext" {
    BeforeAll {
        $script:Clash = Join-Path $Repo 'out' 'tools' 'clash'
        $script:Sensors = Join-Path $Samples 'sensors' 'readings.csv'
        # What the child prints: the versions the session's own CsvHelper and Sqlite types have, then Aggregator's results.
        $script:Probe = @'
'csv=' + [CsvHelper.CsvReader].Assembly.GetName().Version
'sqlite=' + [Microsoft.Data.Sqlite.SqliteConnection].Assembly.GetName().Version
$s = Measure-SensorReading -Path '{0}' -ErrorAction SilentlyContinue
'rows=' + $s.RowCount + ' mean=' + $s.MeanValue
$null = Add-SensorUpload -Path '{0}' -Store '{1}'
'stored=' + @(Start-SensorIngest -Store '{1}').Count + ' ' + (Get-SensorResult -Store '{1}').Status
'@
    }

    It 'works when another module loaded older CsvHelper and Microsoft.Data.Sqlite first, and leaves them theirs' {
        $store = Join-Path ([System.IO.Path]::GetTempPath()) ("agg-alc-" + [guid]::NewGuid().ToString('N') + '.db')
        $script = "Add-Type -Path '$Clash/CsvHelper.dll'; Add-Type -Path '$Clash/Microsoft.Data.Sqlite.dll'; Import-Module '$Manifest'; " + ($Probe -f $Sensors, $store)
        $child = Start-Pwsh $script
        $out = $child.StandardOutput.ReadToEnd() -split "`n" | ForEach-Object Trim | Where-Object { $_ }
        $child.WaitForExit()
        $out | Should -Be @('csv=30.0.0.0', 'sqlite=6.0.7.0', 'rows=5 mean=25.02', 'stored=1 Partial')
    }

    It 'lets another module load older versions after Aggregator' {
        $store = Join-Path ([System.IO.Path]::GetTempPath()) ("agg-alc-" + [guid]::NewGuid().ToString('N') + '.db')
        $script = "Import-Module '$Manifest'; Add-Type -Path '$Clash/CsvHelper.dll'; Add-Type -Path '$Clash/Microsoft.Data.Sqlite.dll'; " + ($Probe -f $Sensors, $store)
        $child = Start-Pwsh $script
        $out = $child.StandardOutput.ReadToEnd() -split "`n" | ForEach-Object Trim | Where-Object { $_ }
        $child.WaitForExit()
        $out | Should -Be @('csv=30.0.0.0', 'sqlite=6.0.7.0', 'rows=5 mean=25.02', 'stored=1 Partial')
    }
}
