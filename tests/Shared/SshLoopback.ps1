# Real PowerShell remoting over SSH on this machine, for tests: a private sshd on loopback addresses whose
# "powershell" subsystem is the pwsh running the tests (the pinned 7.6.10 under dotnet test). Dot-source it, then
#   $ssh = Start-SshLoopback
#   $splat = $ssh.Splat
#   Invoke-Command -HostName $ssh.Address @splat { $PSVersionTable }
#   Stop-SshLoopback $ssh
# Linux only; installs openssh-server with apt-get when /usr/sbin/sshd is missing (needs root).

$script:SshdPath = '/usr/sbin/sshd'

# The lines of a shell script that starts the running pwsh in server mode: its .NET host and pwsh.dll under dotnet
# (the pinned dotnet tool), else the pwsh executable itself.
function script:Get-SshLoopbackPwshScript([string] $Folder) {
    $process = [Environment]::ProcessPath
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $quote = { "'" + ($args[0] -replace "'", "'\''") + "'" }
    '#!/bin/sh'
    # Marks the servers: when its session closes, a server outlives its sshd parent for a moment (Stop-SshLoopback).
    "export SSH_LOOPBACK_FOLDER=$(& $quote $Folder)"
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) {
        # sshd starts a subsystem through the user's shell with a minimal environment: no DOTNET_ROOT, a short PATH.
        "export DOTNET_ROOT=$(& $quote (Split-Path $process))"
        'export PATH="$DOTNET_ROOT:$PATH"'
        "exec $(& $quote $process) $(& $quote $dll) -sshs -NoLogo -NoProfile"
    }
    elseif ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'pwsh') {
        "exec $(& $quote $process) -sshs -NoLogo -NoProfile"
    }
    else {
        throw "Start-SshLoopback: cannot tell how to start this pwsh in server mode (process '$process', PSHOME '$PSHOME')."
    }
}

function script:Install-SshLoopbackServer {
    if (-not (Get-Command apt-get -CommandType Application -ErrorAction Ignore)) {
        throw "Start-SshLoopback: $SshdPath is missing and apt-get is not available: install the OpenSSH server (openssh-server)."
    }
    if ((& id -u) -ne '0') {
        throw "Start-SshLoopback: $SshdPath is missing and only root can install it: run 'apt-get install openssh-server' as root."
    }
    # The lock timeout waits for another apt-get on the machine instead of failing at once.
    $install = { & env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=120 openssh-server 2>&1 }
    $log = & $install
    if ($LASTEXITCODE -ne 0) {
        # A fresh system has no package lists yet.
        $log = @(& env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=120 2>&1) + @(& $install)
    }
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $SshdPath)) {
        throw "Start-SshLoopback: $SshdPath is missing and 'apt-get install openssh-server' failed:`n$($log -join "`n")"
    }
}

function script:Invoke-SshLoopbackNative([string] $File, [string[]] $Arguments) {
    $output = & $File @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "Start-SshLoopback: '$File $Arguments' exited with $LASTEXITCODE`n$($output -join "`n")"
    }
}

function script:Test-SshLoopbackPort([string] $Address, [int] $Port) {
    $client = [Net.Sockets.TcpClient]::new()
    try {
        $client.ConnectAsync($Address, $Port).Wait(500) -and $client.Connected
    }
    catch {
        $false
    }
    finally {
        $client.Dispose()
    }
}

# The processes started by the subsystem script of the folder, found by the variable it exports.
function script:Get-SshLoopbackServerProcess([string] $Folder) {
    $marker = "SSH_LOOPBACK_FOLDER=$Folder"
    foreach ($dir in [IO.Directory]::GetDirectories('/proc')) {
        $id = 0
        if (-not [int]::TryParse([IO.Path]::GetFileName($dir), [ref] $id)) { continue }
        try {
            $environment = [IO.File]::ReadAllText("$dir/environ")
        }
        catch {
            continue # gone, or not ours to read
        }
        if ($environment.Split([char]0) -contains $marker) {
            try { [Diagnostics.Process]::GetProcessById($id) } catch [ArgumentException] { }
        }
    }
}

# Starts sshd on the given loopback addresses and one free port. Returns Address, Port, UserName, KeyFilePath,
# Folder, Process and Splat, the parameters Invoke-Command and New-PSSession take beside -HostName.
function Start-SshLoopback {
    [CmdletBinding()]
    param([string[]] $Address = @('127.0.0.1', '127.0.0.2', '127.0.0.3'))

    if (-not $IsLinux) {
        throw 'Start-SshLoopback: only Linux is supported.'
    }
    if (@(Get-Command ssh, ssh-keygen -CommandType Application -ErrorAction Ignore).Count -lt 2) {
        throw 'Start-SshLoopback: ssh or ssh-keygen is missing: install the OpenSSH client (openssh-client).'
    }
    if (-not (Test-Path -LiteralPath $SshdPath)) {
        Install-SshLoopbackServer
    }
    # The privilege separation directory, which sshd refuses to run without.
    if (-not (Test-Path -LiteralPath /run/sshd)) {
        $null = New-Item -ItemType Directory -Path /run/sshd
    }

    # Created with mode 0700. A Subsystem line cannot quote its command, so the path must have no blanks.
    $folder = [IO.Directory]::CreateTempSubdirectory('ssh-loopback-').FullName
    try {
        if ($folder -match '\s') {
            throw "Start-SshLoopback: the temporary folder '$folder' has blanks, which a Subsystem line cannot hold."
        }
        $hostKey = Join-Path $folder 'host_ed25519'
        $clientKey = Join-Path $folder 'client_ed25519'
        Invoke-SshLoopbackNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'ssh-loopback host', '-f', $hostKey)
        Invoke-SshLoopbackNative ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'ssh-loopback client', '-f', $clientKey)
        $authorizedKeys = Join-Path $folder 'authorized_keys'
        Copy-Item -LiteralPath "$clientKey.pub" -Destination $authorizedKeys

        $subsystem = Join-Path $folder 'pwsh-subsystem.sh'
        Set-Content -LiteralPath $subsystem -Value (Get-SshLoopbackPwshScript $folder)
        [IO.File]::SetUnixFileMode($subsystem, [IO.UnixFileMode]'UserRead, UserWrite, UserExecute')

        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()

        $config = Join-Path $folder 'sshd_config'
        $log = Join-Path $folder 'sshd.log'
        Set-Content -LiteralPath $config -Value @(
            $Address | ForEach-Object { "ListenAddress ${_}:$port" }
            "PidFile $folder/sshd.pid"
            "HostKey $hostKey"
            "AuthorizedKeysFile $authorizedKeys"
            'PubkeyAuthentication yes'
            'PasswordAuthentication no'
            'KbdInteractiveAuthentication no'
            # Tests often run as root in containers; keys only.
            'PermitRootLogin prohibit-password'
            'UsePAM no'
            # The keys live under the temp folder, whose parents strict modes may find too open.
            'StrictModes no'
            "Subsystem powershell $subsystem"
        )

        $start = [Diagnostics.ProcessStartInfo]::new($SshdPath)
        foreach ($arg in '-D', '-f', $config, '-E', $log) { $start.ArgumentList.Add($arg) }
        # Own pipes, never read: sshd and its sessions must not hold the test runner's stdout open.
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($start)

        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while (@($Address | Where-Object { -not (Test-SshLoopbackPort $_ $port) }).Count -gt 0) {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                $state = if ($process.HasExited) { "exited with $($process.ExitCode)" } else { 'did not listen within 15 s' }
                $text = if (Test-Path -LiteralPath $log) { Get-Content -LiteralPath $log -Raw } else { '(no log)' }
                if (-not $process.HasExited) { $process.Kill($true) }
                throw "Start-SshLoopback: sshd on $($Address -join ', ') port $port $state.`n$text"
            }
            Start-Sleep -Milliseconds 100
        }
    }
    catch {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore
        throw
    }

    $user = [Environment]::UserName
    [pscustomobject]@{
        PSTypeName  = 'SshLoopback'
        Address     = $Address
        Port        = $port
        UserName    = $user
        KeyFilePath = $clientKey
        Folder      = $folder
        Process     = $process
        # The host key is new on every start: no known_hosts entry to check or to leave behind.
        Splat       = @{
            Port        = $port
            UserName    = $user
            KeyFilePath = $clientKey
            Options     = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
        }
    }
}

# Stops sshd with its sessions and their pwsh servers, and deletes the folder of keys and configuration.
function Stop-SshLoopback {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [AllowNull()] [psobject] $Loopback)

    process {
        if (-not $Loopback) { return }
        $process = $Loopback.Process
        if ($process) {
            if (-not $process.HasExited) {
                $process.Kill($true)
            }
            $null = $process.WaitForExit(10000)
            $process.Dispose()
        }
        # pwsh servers whose session has just closed, reparented to init while they shut down.
        if ($Loopback.Folder) {
            foreach ($server in Get-SshLoopbackServerProcess $Loopback.Folder) {
                try { $server.Kill() } catch [InvalidOperationException] { } # it has exited
                $null = $server.WaitForExit(10000)
                $server.Dispose()
            }
        }
        if ($Loopback.Folder -and (Test-Path -LiteralPath $Loopback.Folder)) {
            Remove-Item -LiteralPath $Loopback.Folder -Recurse -Force
        }
    }
}
