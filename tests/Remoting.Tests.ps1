# Pester 5 tests of the module over real PowerShell remoting: a private sshd on 127.0.0.1, .2 and .3 whose powershell
# subsystem is the pwsh running these tests (tests/Shared/SshLoopback.ps1). Run against the built module in
# out/Aggregator. Needs Linux and /usr/sbin/sshd, or root to install it with apt-get.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'Shared' 'SshLoopback.ps1')
    $script:PinnedVersion = (Get-Content -Raw (Join-Path $Repo '.config' 'dotnet-tools.json') | ConvertFrom-Json).tools.powershell.version
    $script:Ssh = Start-SshLoopback
    $script:Splat = $Ssh.Splat

    # What the totals comparison looks at: one line per user.
    function script:Total-Line([object[]] $Summaries) {
        $Summaries | ForEach-Object {
            '{0} total {1} success {2} fail {3} rate {4} types {5}' -f $_.User, $_.TotalEvents, $_.Success, $_.Fail,
            $_.FailureRate, (@($_.EventTypes) -join ';')
        }
    }
}

AfterAll {
    Stop-SshLoopback $Ssh
}

Describe 'PowerShell remoting over SSH' {
    It 'runs the pinned pwsh on each loopback address' {
        $results = @(Invoke-Command -HostName $Ssh.Address @Splat {
                [pscustomobject]@{ Version = $PSVersionTable.PSVersion.ToString(); PSHome = $PSHOME; ProcessId = $PID }
            })

        $results.Count | Should -Be 3
        @($results.PSComputerName | Sort-Object) | Should -Be @('127.0.0.1', '127.0.0.2', '127.0.0.3')
        foreach ($result in $results) {
            $result.Version | Should -Be $PinnedVersion
            $result.PSHome | Should -Be $PSHOME
            $result.ProcessId | Should -Not -Be $PID
        }
        @($results.ProcessId | Sort-Object -Unique).Count | Should -Be 3
    }

    It 'imports the built module remotely; Measure-UserEvent comes back deserialized with the local totals and errors' {
        $local = @(Measure-UserEvent -Path $EventsJson -ErrorVariable localErrors -ErrorAction SilentlyContinue)
        $remote = @(Invoke-Command -HostName 127.0.0.2 @Splat -ErrorVariable remoteErrors -ErrorAction SilentlyContinue {
                Import-Module $using:manifest
                Measure-UserEvent -Path $using:EventsJson
            })

        $remote.Count | Should -Be 5
        foreach ($summary in $remote) {
            $summary.pstypenames[0] | Should -Be 'Deserialized.Aggregator.UserEventSummary'
            $summary.PSComputerName | Should -Be '127.0.0.2'
        }
        @(Total-Line $remote) | Should -Be @(Total-Line $local)
        # Bad input loses nothing over the wire either: the same skipped records, as errors.
        @($remoteErrors).Count | Should -Be 3
        @($remoteErrors | ForEach-Object { "$($_.FullyQualifiedErrorId) $_" }) |
            Should -Be @($localErrors | ForEach-Object { "$($_.FullyQualifiedErrorId) $_" })
    }
}
