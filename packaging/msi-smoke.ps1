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
$DataDir = Join-Path $env:LOCALAPPDATA "MotCuaDesk"
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

# 2. First start reads the machine-wide configuration: desk init with no option takes the agency and slot from it.
& $Desk init
Check ($LASTEXITCODE -eq 0) "desk init with the installer's settings only"
$info = (& $Desk info --json) | ConvertFrom-Json
Check ($info.agency_code -eq $Settings.AGENCY_CODE) "the desk's agency code comes from the MSI property"
Check (Test-Path (Join-Path $DataDir "desk.sqlite3")) "the clerks' data in $DataDir"

# 3. Upgrade without properties: replaces the old version, keeps the settings and the data.
Invoke-Msiexec (Join-Path $logs "upgrade.log") @("/i", "`"$NextMsi`"")
$installed = Get-Installed
Check ($installed.Count -eq 1) "still one entry in Programs and Features after the upgrade (MajorUpgrade)"
Check ($installed[0].DisplayVersion -ne $Version) "the entry is the new version ($($installed[0].DisplayVersion))"
Check ((Get-Setting "ServerUrl") -eq $Settings.SERVER_URL) "SERVER_URL kept by an upgrade without properties"
Check ((Get-Setting "AgencyName") -eq $AgencyName) "AGENCY_NAME kept by the upgrade"
Check (Test-Path (Join-Path $DataDir "desk.sqlite3")) "the clerks' data kept by the upgrade"
& $Desk selfcheck
Check ($LASTEXITCODE -eq 0) "desk selfcheck after the upgrade"

# 4. Silent uninstall: the program goes, the clerks' data stays.
Invoke-Msiexec (Join-Path $logs "uninstall.log") @("/x", "`"$NextMsi`"")
Check (-not (Test-Path $Desk)) "desk.exe removed"
Check (-not (Test-Path $Shortcut)) "shortcut removed"
Check ((Get-Installed).Count -eq 0) "no entry left in Programs and Features"
Check ($null -eq (Get-Setting "InstallDir")) "the install's registry values removed"
Check (Test-Path (Join-Path $DataDir "desk.sqlite3")) "the clerks' data kept after uninstall"
Write-Host "msi-smoke: OK"
