# Install, upgrade and uninstall the desk's MSI silently, as district IT does, and check each step.
# Run by .github/workflows/release.yml on windows-latest (it cannot run on the Linux CI: it needs Windows Installer).
#   pwsh packaging/msi-smoke.ps1 -Msi desk-X.Y.Z-x64.msi -NextMsi desk-X.Y.Z+1-x64.msi -Version X.Y.Z
# NextMsi is the same bundle packed with a higher ProductVersion (DESK_MSI_VERSION): installing it must replace the
# first one (MajorUpgrade) and keep the settings and the clerks' data; uninstalling must keep the data.
param(
    [Parameter(Mandatory = $true)][string]$Msi,
    [Parameter(Mandatory = $true)][string]$NextMsi,
    [Parameter(Mandatory = $true)][string]$Version
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$InstallDir = Join-Path $env:ProgramFiles "MotCuaDesk"
$Desk = Join-Path $InstallDir "desk.exe"
$Key = "HKLM:\Software\MotCuaDesk"
$Shortcut = Join-Path $env:ProgramData "Microsoft\Windows\Start Menu\Programs\Desk Mot Cua.lnk"
$DataDir = Join-Path $env:ProgramData "MotCuaDesk"  # the PC's store, whoever is signed in to Windows
$Group = "MotCuaDesk"
$AgencyName = "Trung tâm Phục vụ hành chính công xã Tân Phú"  # Vietnamese through msiexec into the registry
$Settings = [ordered]@{
    SERVER_URL  = "https://motcua.example.gov.vn"
    AGENCY_CODE = "000.00.12.H62"
    DESK_SLOT   = "2"
    TRUSTED_KEY = "ed25519:56475aa75463474c:A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="  # a test key
    RECOVERY_KEY = "x25519:de12685f9a08cf0e:Cwwg5whLK0pQ/JOgi+HZeIto+iy/XzNVVFMx/5wpA3Q="  # a test key
}

function Check([bool]$Condition, [string]$What) {
    if (-not $Condition) { throw "msi-smoke: FAILED: $What" }
    Write-Host "ok: $What"
}

function Invoke-Msiexec([string]$Log, [string[]]$Arguments) {
    $all = $Arguments + @("/qn", "/norestart", "/l*v", "`"$Log`"")
    Write-Host "msiexec $($all -join ' ')"
    $p = Start-Process -FilePath "msiexec.exe" -ArgumentList $all -Wait -PassThru
    if ($p.ExitCode -ne 0) {
        if (Test-Path $Log) { Get-Content $Log -Tail 60 }
        throw "msi-smoke: msiexec exited $($p.ExitCode)"
    }
}

function Get-Installed {
    $roots = @("HKLM:\Software\Microsoft\Windows\CurrentVersion\Uninstall\*",
        "HKLM:\Software\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*")
    @(Get-ItemProperty $roots -ErrorAction SilentlyContinue |
        Where-Object { $_.PSObject.Properties["DisplayName"] -and $_.DisplayName -eq "Desk Mot Cua" })
}

function Get-Setting([string]$Name) {
    $item = Get-ItemProperty -Path $Key -ErrorAction SilentlyContinue
    if ($null -eq $item -or -not $item.PSObject.Properties[$Name]) { return $null }
    return $item.$Name
}

$logs = $env:RUNNER_TEMP
if (-not $logs) { $logs = $env:TEMP }

# 1. Silent install with the desk's settings, as in the README.
$props = @($Settings.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) + @("AGENCY_NAME=`"$AgencyName`"")
Invoke-Msiexec (Join-Path $logs "install.log") (@("/i", "`"$Msi`"") + $props)
Check (Test-Path $Desk) "desk.exe installed in $InstallDir"
Check (Test-Path (Join-Path $InstallDir "desk-gui.exe")) "desk-gui.exe installed"
Check (Test-Path $Shortcut) "Start-menu shortcut $Shortcut"
$installed = Get-Installed
Check ($installed.Count -eq 1 -and $installed[0].DisplayVersion -eq $Version) "one entry in Programs and Features, version $Version"
Check ((& $Desk --version) -eq "desk $Version") "desk --version says $Version (the MSI's ProductVersion)"
& $Desk selfcheck
Check ($LASTEXITCODE -eq 0) "desk selfcheck of the installed app"
Check ((Get-Setting "ServerUrl") -eq $Settings.SERVER_URL) "SERVER_URL in HKLM\Software\MotCuaDesk\ServerUrl"
Check ((Get-Setting "AgencyCode") -eq $Settings.AGENCY_CODE) "AGENCY_CODE in AgencyCode"
Check ((Get-Setting "DeskSlot") -eq $Settings.DESK_SLOT) "DESK_SLOT in DeskSlot"
Check ((Get-Setting "TrustedKey") -eq $Settings.TRUSTED_KEY) "TRUSTED_KEY in TrustedKey"
Check ((Get-Setting "RecoveryKey") -eq $Settings.RECOVERY_KEY) "RECOVERY_KEY in RecoveryKey"
Check ((Get-Setting "AgencyName") -eq $AgencyName) "AGENCY_NAME (Vietnamese) in AgencyName"
Check ((Get-Setting "Version") -eq $Version) "Version in the registry"

# 2. The machine's data dir: made by the MSI, its ACL for SYSTEM, Administrators and the group it made, nobody else.
Check (Test-Path $DataDir) "the machine data dir $DataDir"
Check ($null -ne (Get-LocalGroup -Name $Group -ErrorAction SilentlyContinue)) "the local group $Group"
$acl = (Get-Acl $DataDir).Access | ForEach-Object { $_.IdentityReference.Value }
Check (($acl | Where-Object { $_ -like "*\$Group" }).Count -ge 1) "the group $Group has rights on $DataDir"
Check (-not ($acl | Where-Object { $_ -like "*\Users" })) "Users (every account) has no rights on $DataDir"

# 3. First start reads the machine-wide configuration: desk init with no option takes the agency and slot from it.
& $Desk init
Check ($LASTEXITCODE -eq 0) "desk init with the installer's settings only"
$info = (& $Desk info --json) | ConvertFrom-Json
Check ($info.agency_code -eq $Settings.AGENCY_CODE) "the desk's agency code comes from the MSI property"
Check (Test-Path (Join-Path $DataDir "desk.sqlite3")) "the desk's data in $DataDir"
Check (Test-Path (Join-Path $DataDir "keys\*.dpapi")) "the data key bound to the machine (DPAPI, local machine)"

# 4. Two Windows accounts of the group share the store: one receives, the other sees it and numbers on.
$pw = ConvertTo-SecureString ("Ab1!" + [guid]::NewGuid().ToString("N")) -AsPlainText -Force
$clerks = @("deskclerk1", "deskclerk2")
foreach ($u in $clerks) {
    New-LocalUser -Name $u -Password $pw -PasswordNeverExpires | Out-Null
    Add-LocalGroupMember -Group $Group -Member $u
}
function Invoke-As([string]$User, [string[]]$DeskArgs) {
    $cred = New-Object System.Management.Automation.PSCredential ("$env:COMPUTERNAME\$User", $pw)
    $out = Join-Path $logs "$User-$([guid]::NewGuid().ToString('N')).json"
    $p = Start-Process -FilePath $Desk -ArgumentList $DeskArgs -Credential $cred -LoadUserProfile -Wait -PassThru `
        -RedirectStandardOutput $out -WorkingDirectory $InstallDir
    return @{ Code = $p.ExitCode; Out = (Get-Content $out -Raw -ErrorAction SilentlyContinue) }
}
$r1 = Invoke-As "deskclerk1" @("receive", "--procedure", "2.000815", "--name", "Le Van An", "--json")
Check ($r1.Code -eq 0) "deskclerk1 receives a dossier in the PC's store"
$code1 = ($r1.Out | ConvertFrom-Json).code
$r2 = Invoke-As "deskclerk2" @("show", $code1, "--json")
Check ($r2.Code -eq 0) "deskclerk2 (another Windows account) opens the same dossier"
$r3 = Invoke-As "deskclerk2" @("receive", "--procedure", "2.000815", "--name", "Tran Thi Binh", "--json")
$code2 = ($r3.Out | ConvertFrom-Json).code
Check ([int]$code2.Substring($code2.Length - 4) -eq [int]$code1.Substring($code1.Length - 4) + 1) "the second account numbers on ($code2)"
$own = Join-Path $env:TEMP "desk-own-slot"
$r4 = Invoke-As "deskclerk2" @("--data-dir", $own, "init")
Check ($r4.Code -eq 2) "a second store for the same slot on this PC is refused"
foreach ($u in $clerks) { Remove-LocalUser -Name $u }

# 5. Upgrade without properties: replaces the old version, keeps the settings and the data.
Invoke-Msiexec (Join-Path $logs "upgrade.log") @("/i", "`"$NextMsi`"")
$installed = Get-Installed
Check ($installed.Count -eq 1) "still one entry in Programs and Features after the upgrade (MajorUpgrade)"
Check ($installed[0].DisplayVersion -ne $Version) "the entry is the new version ($($installed[0].DisplayVersion))"
Check ((Get-Setting "ServerUrl") -eq $Settings.SERVER_URL) "SERVER_URL kept by an upgrade without properties"
Check ((Get-Setting "AgencyName") -eq $AgencyName) "AGENCY_NAME kept by the upgrade"
Check (Test-Path (Join-Path $DataDir "desk.sqlite3")) "the clerks' data kept by the upgrade"
& $Desk selfcheck
Check ($LASTEXITCODE -eq 0) "desk selfcheck after the upgrade"

# 6. Silent uninstall: the program goes, the clerks' data stays.
Invoke-Msiexec (Join-Path $logs "uninstall.log") @("/x", "`"$NextMsi`"")
Check (-not (Test-Path $Desk)) "desk.exe removed"
Check (-not (Test-Path $Shortcut)) "shortcut removed"
Check ((Get-Installed).Count -eq 0) "no entry left in Programs and Features"
Check ($null -eq (Get-Setting "InstallDir")) "the install's registry values removed"
Check (Test-Path (Join-Path $DataDir "desk.sqlite3")) "the clerks' data kept after uninstall"
Write-Host "msi-smoke: OK"
