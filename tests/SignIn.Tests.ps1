# Pester 5 tests of Import-SignInActivity and Export-JsonLines in a full PowerShell session: SignInActivity objects
# exported with Export-Csv and ConvertTo-Json, Export-JsonLines compared with ConvertTo-Json, and Export-JsonLines in
# ForEach-Object -Parallel. Run against the built module in out/Aggregator.
#
# samples/graph-users holds 19 Graph user objects in three files (users-page.json: two paged responses, 7 users;
# users-array.json: 6, one with lastSignInDateTime "not-a-date"; users.jsonl: 6 lines, line 3 cut off). As of
# 2024-12-31T00:00:00Z, 17 are imported and 2 skipped; see samples/graph-users/README.md for every user's figures.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:GraphFolder = Join-Path $Samples 'graph-users'
    $script:AllUsers = Join-Path $GraphFolder '*.json*'
    $script:UsersJsonl = Join-Path $GraphFolder 'users.jsonl'
    $script:AsOf = [datetime]::new(2024, 12, 31, 0, 0, 0, [System.DateTimeKind]::Utc)
    $script:Manifest = Join-Path $Repo 'out' 'Aggregator' 'Aggregator.psd1'

    # Every valid user of the samples with its six signInActivity values as written in the JSON, read with
    # System.Text.Json so that no JSON cmdlet turns the dates into DateTime values of its own.
    function script:Read-SampleUsers {
        $documents = @(
            # users-page.json is two responses one after the other, each starting with a "{" in the first column.
            foreach ($page in [System.IO.File]::ReadAllText((Join-Path $GraphFolder 'users-page.json')) -split '(?m)^(?=\{)' | Where-Object { $_.Trim() }) {
                [System.Text.Json.JsonDocument]::Parse($page).RootElement.GetProperty('value').EnumerateArray()
            }
            [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText((Join-Path $GraphFolder 'users-array.json'))).RootElement.EnumerateArray()
            foreach ($line in [System.IO.File]::ReadAllLines($UsersJsonl)) {
                try { [System.Text.Json.JsonDocument]::Parse($line).RootElement } catch { }
            }
        )
        foreach ($user in $documents) {
            $fields = @{}
            $activity = $user.EnumerateObject() | Where-Object Name -eq 'signInActivity' | ForEach-Object Value
            if ($null -ne $activity -and $activity.ValueKind -eq 'Object') {
                foreach ($property in $activity.EnumerateObject()) {
                    $fields[$property.Name] = if ($property.Value.ValueKind -eq 'Null') { $null } else { $property.Value.GetString() }
                }
            }
            if ($fields['lastSignInDateTime'] -eq 'not-a-date') { continue }
            [pscustomobject]@{
                Upn            = $user.GetProperty('userPrincipalName').GetString()
                Interactive    = $fields['lastSignInDateTime'], $fields['lastSignInRequestId']
                NonInteractive = $fields['lastNonInteractiveSignInDateTime'], $fields['lastNonInteractiveSignInRequestId']
                Successful     = $fields['lastSuccessfulSignInDateTime'], $fields['lastSuccessfulSignInRequestId']
            }
        }
    }

    # A CSV cell for one sign-in kind: "2024-07-10T11:45:00Z (request-id)", or empty when Graph has neither.
    function script:Get-ExpectedCell([object[]] $Pair) {
        if ($null -eq $Pair[0] -and $null -eq $Pair[1]) { return '' }
        if ($null -eq $Pair[1]) { return $Pair[0] }
        if ($null -eq $Pair[0]) { return "($($Pair[1]))" }
        "$($Pair[0]) ($($Pair[1]))"
    }

    # A parsed JSON value written again compactly, keys in order: two JSON texts are equal when these are.
    function script:Get-Canonical([string] $Json) {
        $Json | ConvertFrom-Json -Depth 20 | ConvertTo-Json -Compress -Depth 20
    }
}

Describe 'Import-SignInActivity exported with Export-Csv' {
    BeforeAll {
        $script:Users = @(Import-SignInActivity -Path $AllUsers -AsOf $AsOf -ErrorAction SilentlyContinue)
        $script:CsvPath = Join-Path $TestDrive 'signins.csv'
        $Users | Export-Csv -LiteralPath $CsvPath
        $script:Rows = @(Import-Csv -LiteralPath $CsvPath)
        $script:Expected = @{}
        foreach ($user in Read-SampleUsers) { $Expected[$user.Upn] = $user }
    }

    It 'writes one row per user, with one column per property' {
        $Users.Count | Should -Be 17
        $Expected.Count | Should -Be 17
        $Rows.Count | Should -Be 17
        (Get-Content -LiteralPath $CsvPath -TotalCount 1) | Should -BeExactly (
            '"Id","UserPrincipalName","DisplayName","AccountEnabled","Interactive","NonInteractive","Successful","LastSignIn","DaysSinceLastSignIn","NeverSignedIn","Source","Line"')
    }

    It 'writes each sign-in as "time (request id)", exactly as Graph gave them, and an empty cell for none' {
        foreach ($row in $Rows) {
            $want = $Expected[$row.UserPrincipalName]
            $want | Should -Not -BeNullOrEmpty -Because "$($row.UserPrincipalName) is a sample user"
            $row.Interactive | Should -BeExactly (Get-ExpectedCell $want.Interactive) -Because "$($row.UserPrincipalName) Interactive"
            $row.NonInteractive | Should -BeExactly (Get-ExpectedCell $want.NonInteractive) -Because "$($row.UserPrincipalName) NonInteractive"
            $row.Successful | Should -BeExactly (Get-ExpectedCell $want.Successful) -Because "$($row.UserPrincipalName) Successful"
        }

        $joni = $Rows | Where-Object UserPrincipalName -eq 'joni.sherman@contoso.com'
        $joni.Interactive | Should -BeExactly '2024-07-10T11:45:00Z (55345c88-01d1-4b4a-8653-437ee36f808b)'
        $joni.NonInteractive | Should -BeExactly '2024-07-12T08:01:13Z (c8d5024a-f172-4adf-964e-8f5d6dcfc760)'
        $joni.DaysSinceLastSignIn | Should -BeExactly '171'

        $lee = $Rows | Where-Object UserPrincipalName -eq 'lee.gu@contoso.com'
        $lee.Interactive | Should -BeExactly ''
        $lee.Successful | Should -BeExactly '2024-08-07T02:00:19Z (58933729-a45d-4a45-bc8e-fa6d69c618b8)'
    }

    It 'leaves the cells of a user who never signed in empty, and says so' {
        foreach ($upn in 'alex.wilber@contoso.com', 'diego.siciliani@contoso.com', 'johanna.lorenz@contoso.com', 'henrietta.mueller@contoso.com', 'debra.berger@contoso.com') {
            $row = $Rows | Where-Object UserPrincipalName -eq $upn
            $row.Interactive + $row.NonInteractive + $row.Successful + $row.LastSignIn + $row.DaysSinceLastSignIn | Should -BeExactly '' -Because $upn
            $row.NeverSignedIn | Should -BeExactly 'True'
        }
    }

    It 'has no cell that names a type instead of a value' {
        $text = Get-Content -LiteralPath $CsvPath -Raw
        $text | Should -Not -Match 'System\.Object\[\]'
        $text | Should -Not -Match 'Aggregator\.SignInEvent'
        $text | Should -Not -Match 'System\.'
        foreach ($row in $Rows) {
            foreach ($property in $row.PSObject.Properties) {
                $property.Value | Should -Not -Match '^(System|Aggregator)\.[A-Za-z.]+(\[\])?$' -Because "$($row.UserPrincipalName) $($property.Name)"
            }
        }
    }

    It 'writes a sign-in with only a request id as "(request id)"' {
        $path = Join-Path $TestDrive 'partial.csv'
        [pscustomobject]@{ Id = 'x'; UserPrincipalName = 'x@contoso.com'; SignInActivity = [pscustomobject]@{ lastSignInRequestId = 'only-id' } } |
            Import-SignInActivity -AsOf $AsOf | Export-Csv -LiteralPath $path
        (Import-Csv -LiteralPath $path).Interactive | Should -BeExactly '(only-id)'
    }
}

Describe 'Import-SignInActivity output piped back in' {
    BeforeAll {
        $script:Users = @(Import-SignInActivity -Path $AllUsers -AsOf $AsOf -ErrorAction SilentlyContinue)
        function script:Get-Line($User) {
            $User | ForEach-Object {
                '{0} {1} {2} {3} [{4}] [{5}] [{6}] {7:o} {8} {9}' -f $_.Id, $_.UserPrincipalName, $_.DisplayName, $_.AccountEnabled,
                    $_.Interactive, $_.NonInteractive, $_.Successful, $_.LastSignIn, $_.DaysSinceLastSignIn, $_.NeverSignedIn
            }
        }
    }

    It 'gives the same users, live' {
        $again = @($Users | Import-SignInActivity -AsOf $AsOf -WarningVariable warned)
        $warned.Count | Should -Be 0
        Get-Line $again | Should -Be (Get-Line $Users)
    }

    It 'gives the same users after Export-Csv and Import-Csv, and counts days to another -AsOf' {
        $path = Join-Path $TestDrive 'again.csv'
        $Users | Export-Csv -LiteralPath $path
        $again = @(Import-Csv -LiteralPath $path | Import-SignInActivity -AsOf $AsOf -WarningVariable warned)
        $warned.Count | Should -Be 0
        Get-Line $again | Should -Be (Get-Line $Users)

        $later = @(Import-Csv -LiteralPath $path | Import-SignInActivity -AsOf $AsOf.AddDays(10))
        ($later | Where-Object UserPrincipalName -eq 'joni.sherman@contoso.com').DaysSinceLastSignIn | Should -Be 181
    }

    It 'gives the same users after Export-Clixml and Import-Clixml' {
        $path = Join-Path $TestDrive 'again.clixml'
        $Users | Export-Clixml -LiteralPath $path
        $again = @(Import-Clixml -LiteralPath $path | Import-SignInActivity -AsOf $AsOf -WarningVariable warned)
        $warned.Count | Should -Be 0
        Get-Line $again | Should -Be (Get-Line $Users)
    }

    It 'takes a DateTimeOffset as -AsOf' {
        $offset = @(Import-SignInActivity -Path $AllUsers -AsOf ([DateTimeOffset]'2024-12-31T01:00:00+01:00') -ErrorAction SilentlyContinue)
        Get-Line $offset | Should -Be (Get-Line $Users)
    }
}

Describe 'Import-SignInActivity from Get-ChildItem' {
    It 'reads the files Get-ChildItem pipes in, and finds the six stale users' {
        $stale = @(Get-ChildItem -LiteralPath $GraphFolder -Filter '*.json*' | Import-SignInActivity -AsOf $AsOf -ThrottleLimit 4 -ErrorVariable bad -ErrorAction SilentlyContinue |
                Where-Object DaysSinceLastSignIn -gt 90)
        $stale.UserPrincipalName | Sort-Object | Should -Be @(
            'isaiah.langer@contoso.com', 'joni.sherman@contoso.com', 'lee.gu@contoso.com', 'lynne.robbins@contoso.com', 'megan.bowen@contoso.com', 'pradeep.gupta@contoso.com')
        @($bad | ForEach-Object { '{0} {1} {2}' -f (Split-Path -Leaf $_.TargetObject.Source), $_.TargetObject.Line, $_.TargetObject.Reason } | Sort-Object) |
            Should -Be @('users-array.json 50 InvalidTimestamp', 'users.jsonl 3 InvalidJson')
    }
}

Describe 'Import-SignInActivity from ConvertFrom-Json and Get-MgUser-like objects' {
    It 'gives from ConvertFrom-Json objects what it gives from the files' {
        $fromFiles = @(Import-SignInActivity -Path $AllUsers -AsOf $AsOf -ErrorAction SilentlyContinue)
        $objects = @(
            foreach ($page in (Get-Content -LiteralPath (Join-Path $GraphFolder 'users-page.json') -Raw) -split '(?m)^(?=\{)' | Where-Object { $_.Trim() }) {
                ($page | ConvertFrom-Json).value
            }
            Get-Content -LiteralPath (Join-Path $GraphFolder 'users-array.json') -Raw | ConvertFrom-Json
            Get-Content -LiteralPath $UsersJsonl | ForEach-Object { try { $_ | ConvertFrom-Json -ErrorAction Stop } catch { } }
        )
        $objects.Count | Should -Be 18   # all but the cut-off line

        $fromPipeline = @($objects | Import-SignInActivity -AsOf $AsOf -ErrorVariable bad -ErrorAction SilentlyContinue)
        $fromPipeline.Count | Should -Be 17
        $bad.FullyQualifiedErrorId -replace ',.*' | Should -Be 'InvalidTimestamp'
        $bad[0].TargetObject.Source | Should -Be '(pipeline)'

        $format = { '{0} {1} {2} {3} {4} {5} {6:o} {7} {8}' -f $_.UserPrincipalName, $_.AccountEnabled, $_.Interactive, $_.NonInteractive, $_.Successful, $_.DisplayName, $_.LastSignIn, $_.DaysSinceLastSignIn, $_.NeverSignedIn }
        @($fromPipeline | ForEach-Object $format | Sort-Object) | Should -Be @($fromFiles | ForEach-Object $format | Sort-Object)
    }

    It 'reads a compiled SignInActivity class with PascalCase DateTime properties, as Get-MgUser returns' {
        if (-not ('AggregatorTests.MgSignInActivity' -as [type])) {
            Add-Type -TypeDefinition @'
namespace AggregatorTests {
    public class MgSignInActivity {
        public System.DateTime? LastSignInDateTime { get; set; }
        public string LastSignInRequestId { get; set; }
        public System.DateTime? LastNonInteractiveSignInDateTime { get; set; }
        public string LastNonInteractiveSignInRequestId { get; set; }
        public System.DateTime? LastSuccessfulSignInDateTime { get; set; }
        public string LastSuccessfulSignInRequestId { get; set; }
    }
    public class MgUser {
        public string Id { get; set; }
        public string UserPrincipalName { get; set; }
        public string DisplayName { get; set; }
        public bool? AccountEnabled { get; set; }
        public MgSignInActivity SignInActivity { get; set; }
    }
}
'@
        }
        $utc = { param($text) [datetime]::SpecifyKind([datetime]::ParseExact($text, 's', [cultureinfo]::InvariantCulture), 'Utc') }
        $users = @(
            [AggregatorTests.MgUser]@{ Id = '1'; UserPrincipalName = 'joni.sherman@contoso.com'; AccountEnabled = $false
                SignInActivity = [AggregatorTests.MgSignInActivity]@{
                    LastSignInDateTime = & $utc '2024-07-10T11:45:00'; LastSignInRequestId = 'a'
                    LastNonInteractiveSignInDateTime = & $utc '2024-07-12T08:01:13'; LastNonInteractiveSignInRequestId = 'b' } }
            [AggregatorTests.MgUser]@{ Id = '2'; UserPrincipalName = 'alex.wilber@contoso.com'; AccountEnabled = $true }
        )
        $result = @($users | Import-SignInActivity -AsOf $AsOf -WarningVariable warnings)

        $warnings | Should -BeNullOrEmpty
        $result[0].Interactive.ToString() | Should -BeExactly '2024-07-10T11:45:00Z (a)'
        $result[0].NonInteractive.DateTime | Should -Be (& $utc '2024-07-12T08:01:13')
        $result[0].Successful | Should -BeNullOrEmpty
        $result[0].DaysSinceLastSignIn | Should -Be 171
        $result[1].NeverSignedIn | Should -BeTrue

        # Get-MgUser without -Property SignInActivity: the property is there, and null for everyone.
        $none = @([AggregatorTests.MgUser]@{ Id = '3' }, [AggregatorTests.MgUser]@{ Id = '4' } | Import-SignInActivity -AsOf $AsOf -WarningVariable noneWarnings -WarningAction SilentlyContinue)
        $none.NeverSignedIn | Should -Be @($true, $true)
        @($noneWarnings).Count | Should -Be 1
        $noneWarnings[0].Message | Should -Match 'Get-MgUser'
        $noneWarnings[0].Message | Should -Match 'SignInActivity'
    }
}

Describe 'Import-SignInActivity converted with ConvertTo-Json' {
    It 'nests each sign-in as an object with DateTime and RequestId, and null for none' {
        $joni = Import-SignInActivity -LiteralPath $UsersJsonl -AsOf $AsOf -ErrorAction SilentlyContinue | Where-Object UserPrincipalName -eq 'joni.sherman@contoso.com'
        $henrietta = Import-SignInActivity -LiteralPath $UsersJsonl -AsOf $AsOf -ErrorAction SilentlyContinue | Where-Object UserPrincipalName -eq 'henrietta.mueller@contoso.com'

        $json = $joni | ConvertTo-Json -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty -Because 'the default -Depth 2 reaches the events'
        $back = $json | ConvertFrom-Json -DateKind String
        $back.Interactive.PSObject.Properties.Name | Should -Be @('DateTime', 'RequestId')
        $back.Interactive.DateTime | Should -BeExactly '2024-07-10T11:45:00Z'
        $back.Interactive.RequestId | Should -BeExactly '55345c88-01d1-4b4a-8653-437ee36f808b'
        $back.NonInteractive.DateTime | Should -BeExactly '2024-07-12T08:01:13Z'
        $back.Successful.RequestId | Should -BeExactly 'ce04b9b9-7fc2-4040-8fe7-cc0ddc727cba'
        $back.LastSignIn | Should -BeExactly '2024-07-12T08:01:13Z'
        $back.DaysSinceLastSignIn | Should -Be 171

        $none = $henrietta | ConvertTo-Json | ConvertFrom-Json
        $none.Interactive | Should -BeNullOrEmpty
        $none.NonInteractive | Should -BeNullOrEmpty
        $none.Successful | Should -BeNullOrEmpty
        $none.NeverSignedIn | Should -BeTrue
    }
}

Describe 'Export-JsonLines compared with ConvertTo-Json' {
    It 'writes EventRecord lines whose values are ConvertTo-Json''s (-EnumsAsStrings)' {
        $records = @(Import-EventRecord -Path $EventsJson -ErrorAction SilentlyContinue)
        $path = Join-Path $TestDrive 'events.jsonl'
        $records | Export-JsonLines -LiteralPath $path
        $lines = @(Get-Content -LiteralPath $path)

        $lines.Count | Should -Be $records.Count
        for ($i = 0; $i -lt $records.Count; $i++) {
            $mine = $lines[$i] | ConvertFrom-Json
            $theirs = $records[$i] | ConvertTo-Json -Compress -EnumsAsStrings | ConvertFrom-Json
            $mine.PSObject.Properties.Name | Should -Be $theirs.PSObject.Properties.Name
            foreach ($name in $theirs.PSObject.Properties.Name) {
                $mine.$name | Should -Be $theirs.$name -Because "record $i, $name"
                if ($null -eq $theirs.$name) {
                    $mine.$name | Should -BeNullOrEmpty -Because "record $i, $name"
                }
                else {
                    $mine.$name.GetType() | Should -Be $theirs.$name.GetType() -Because "record $i, $name"
                }
            }
        }
        $lines[0] | Should -BeExactly ('{"User":"alice","Event":"login","Status":"Success","Timestamp":"2024-06-01T08:05:12Z","Source":' + ($EventsJson | ConvertTo-Json) + ',"Line":2}')
    }

    It 'writes SignInActivity lines equal to ConvertTo-Json -Compress, line by line' {
        $users = @(Import-SignInActivity -Path $AllUsers -AsOf $AsOf -ErrorAction SilentlyContinue)
        $path = Join-Path $TestDrive 'users.jsonl'
        $users | Export-JsonLines -LiteralPath $path
        $lines = @(Get-Content -LiteralPath $path)

        $lines.Count | Should -Be 17
        for ($i = 0; $i -lt $users.Count; $i++) {
            Get-Canonical $lines[$i] | Should -BeExactly (Get-Canonical ($users[$i] | ConvertTo-Json -Compress)) -Because $users[$i].UserPrincipalName
        }
    }

    It 'writes generic objects as ConvertTo-Json -Compress -Depth <Depth> -EnumsAsStrings does' -ForEach @(
        @{ Depth = 2 }, @{ Depth = 1 }, @{ Depth = 0 }
    ) {
        $objects = @(
            [pscustomobject]@{
                Name = 'x'; Count = 3; Ratio = 0.25; Big = [long]::MaxValue; Ok = $false; Nothing = $null
                Utc = [datetime]::SpecifyKind([datetime]'2024-07-10T11:45:00.5', 'Utc'); Plain = [datetime]'2024-07-10T11:45:00'
                Offset = [datetimeoffset]'2024-07-10T11:45:00+02:00'; Day = [System.DayOfWeek]::Friday; Kind = [System.DateTimeKind]::Local
                List = @(1, 'two', $null, 3.5); Nested = [ordered]@{ k = 'v'; inner = [ordered]@{ deep = 1; deeper = @{ x = 1 } } }
                Child = [pscustomobject]@{ a = 1; b = [pscustomobject]@{ c = 'd' } }; Empty = @(); Text = "two`nlines ""quoted"" \ é"
            }
            [ordered]@{ hashtable = $true; when = [datetime]::SpecifyKind([datetime]'2024-01-02T03:04:05', 'Utc'); list = 1, 2 }
            'just text'
            42
            [pscustomobject]@{ Guid = [guid]'0f48b45b-9796-4edd-9bbd-8db9fee20347'; Uri = [uri]'https://graph.microsoft.com/v1.0/users' }
        )
        $path = Join-Path $TestDrive "generic-$Depth.jsonl"
        $objects | Export-JsonLines -LiteralPath $path -Depth $Depth -WarningAction SilentlyContinue
        $lines = @(Get-Content -LiteralPath $path)

        $lines.Count | Should -Be $objects.Count
        for ($i = 0; $i -lt $objects.Count; $i++) {
            $theirs = ConvertTo-Json -InputObject $objects[$i] -Compress -Depth $Depth -EnumsAsStrings -WarningAction SilentlyContinue
            Get-Canonical $lines[$i] | Should -BeExactly (Get-Canonical $theirs) -Because "object $i at -Depth $Depth"
        }
    }

    It 'keeps a property added to a module record with Add-Member, as ConvertTo-Json does' {
        $path = Join-Path $TestDrive 'enriched.jsonl'
        $records = @(Import-EventRecord -Path $EventsJson -ErrorAction SilentlyContinue |
                Add-Member -NotePropertyName Tenant -NotePropertyValue 'contoso' -PassThru)
        $records | Export-JsonLines -LiteralPath $path
        $lines = @(Get-Content -LiteralPath $path)

        ($records[0] | ConvertTo-Json -Compress -EnumsAsStrings | ConvertFrom-Json).Tenant | Should -Be 'contoso'
        for ($i = 0; $i -lt $records.Count; $i++) {
            Get-Canonical $lines[$i] | Should -BeExactly (Get-Canonical ($records[$i] | ConvertTo-Json -Compress -EnumsAsStrings)) -Because "record $i"
        }
    }

    It 'writes ConvertFrom-Json-readable gzip parts' {
        $dir = Join-Path $TestDrive 'packed'
        $files = @(Import-SignInActivity -Path $AllUsers -AsOf $AsOf -ErrorAction SilentlyContinue | Export-JsonLines -LiteralPath $dir -BatchSize 5 -Compress -PassThru)
        $files.Name | Should -Be @('part-00000.jsonl.gz', 'part-00001.jsonl.gz', 'part-00002.jsonl.gz', 'part-00003.jsonl.gz')
        $users = foreach ($file in $files) {
            $stream = [System.IO.Compression.GZipStream]::new($file.OpenRead(), [System.IO.Compression.CompressionMode]::Decompress)
            $reader = [System.IO.StreamReader]::new($stream)
            try { while ($null -ne ($line = $reader.ReadLine())) { $line | ConvertFrom-Json } } finally { $reader.Dispose() }
        }
        @($users).Count | Should -Be 17
        @($users | Where-Object { $_.DaysSinceLastSignIn -gt 90 }).Count | Should -Be 6
    }
}

Describe 'Export-JsonLines in parallel runspaces' {
    BeforeAll {
        # Four inputs of different sizes, each to be exported to its own file and its own folder of parts.
        $script:Inputs = foreach ($n in 1..4) {
            $path = Join-Path $TestDrive "events-$n.jsonl"
            $lines = foreach ($i in 1..(2000 * $n)) {
                '{{"user": "u{0}", "event": "e{1}", "status": "{2}", "timestamp": "2024-06-0{3}T{4:00}:{5:00}:00Z"}}' -f ($i % 13), ($i % 4), ('success', 'fail')[$i % 2], (1 + $i % 3), ($i % 24), ($i % 60)
            }
            Set-Content -LiteralPath $path -Value $lines
            $path
        }
        $script:Sequential = @{}
        foreach ($path in $Inputs) {
            $file = "$path.sequential.out"
            Import-EventRecord -LiteralPath $path | Export-JsonLines -LiteralPath $file
            $Sequential[$path] = [System.IO.File]::ReadAllText($file)
        }
    }

    It 'writes in ForEach-Object -Parallel, several at once, what a sequential run writes' {
        $results = $Inputs | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:Manifest
            $file = "$_.parallel.out"
            $dir = "$_.parts"
            $records = @(Import-EventRecord -LiteralPath $_)
            $records | Export-JsonLines -LiteralPath $file
            $parts = @($records | Export-JsonLines -LiteralPath $dir -BatchSize 1000 -PassThru)
            [pscustomobject]@{ Input = $_; File = $file; Dir = $dir; Parts = $parts.Name; Records = $records.Count }
        }

        $results.Count | Should -Be 4
        foreach ($result in $results) {
            [System.IO.File]::ReadAllText($result.File) | Should -BeExactly $Sequential[$result.Input] -Because "$($result.Input) exported in parallel"
            $result.Parts.Count | Should -Be ($result.Records / 1000)
            $joined = -join ($result.Parts | ForEach-Object { [System.IO.File]::ReadAllText((Join-Path $result.Dir $_)) })
            $joined | Should -BeExactly $Sequential[$result.Input]
            Get-ChildItem -LiteralPath $result.Dir -Force -Filter '*.tmp' | Should -BeNullOrEmpty
        }
        Get-ChildItem -LiteralPath $TestDrive -Force -Recurse -Filter '*.tmp' | Should -BeNullOrEmpty
    }
}
