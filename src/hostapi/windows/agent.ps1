# Façade, Windows side (src/hostapi/contract/agent.ts): the agent bootstrap's own verbs. Windows PowerShell 5.1.
function Add-WbStagedChunk {
    param([Parameter(Mandatory = $true)][string]$Key, [Parameter(Mandatory = $true)][string]$Data)
    if ($Key -notmatch '^[0-9a-f]{16,64}$') { throw (New-Object ComponentModel.Win32Exception 123) }
    $bytes = [Convert]::FromBase64String($Data)
    $f = [IO.File]::Open((Join-Path $env:TEMP "winbook-upload-$Key.part"), 'Append', 'Write')
    try { $f.Write($bytes, 0, $bytes.Length) } finally { $f.Dispose() }
}

function Get-WbProcessEnvironment {
    param([Parameter(Mandatory = $true)][string]$Name)
    [Environment]::GetEnvironmentVariable($Name, 'Process')
}

function Set-WbProcessEnvironment {
    param([Parameter(Mandatory = $true)][string]$Name, [AllowNull()][string]$Value)
    if ($Value -eq '') { $Value = $null }
    [Environment]::SetEnvironmentVariable($Name, $Value, 'Process')
}

function Get-WbProcessEnvironmentBlock {
    [CmdletBinding()]
    param()
    $out = [ordered]@{}
    $vars = [Environment]::GetEnvironmentVariables([EnvironmentVariableTarget]::Process)
    foreach ($name in @($vars.Keys | Sort-Object)) { $out[[string]$name] = [string]$vars[$name] }
    [pscustomobject]$out
}
