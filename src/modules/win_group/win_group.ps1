# win_group: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, the LocalAccounts cmdlets. Changes only what differs; check mode changes nothing.
Set-StrictMode -Version 2.0

function Get-ModuleArg {
    param([string]$Name, $Default = $null)
    $prop = $ModuleArgs.PSObject.Properties[$Name]
    if ($null -eq $prop -or $null -eq $prop.Value) { return $Default }
    return $prop.Value
}

function Get-GroupView {
    param($Group)
    if ($null -eq $Group) { return '' }
    return @{ name = $Group.Name; description = "$($Group.Description)" }
}

$name = [string](Get-ModuleArg -Name 'name')
$state = Get-ModuleArg -Name 'state' -Default 'present'
$description = Get-ModuleArg -Name 'description'
$result = @{ changed = $false; name = $name }

$group = Get-LocalGroup -Name $name -ErrorAction SilentlyContinue
$before = Get-GroupView -Group $group
$after = $before

try {
    if ($state -eq 'present') {
        if ($null -eq $group) {
            $result.changed = $true
            $after = @{ name = $name; description = '' }
            if (-not $CheckMode) { $group = New-LocalGroup -Name $name }
        }
        if ($null -ne $description -and $after.description -cne $description) {
            $result.changed = $true
            $after = @{ name = $name; description = [string]$description }
            if (-not $CheckMode) { Set-LocalGroup -Name $name -Description $description }
        }
    }
    elseif ($null -ne $group) {
        $result.changed = $true
        $after = ''
        if (-not $CheckMode) { Remove-LocalGroup -Name $name }
    }
}
catch {
    $result.failed = $true
    $result.msg = "Failed to $(if ($state -eq 'present') { 'create or update' } else { 'remove' }) group '$name': $($_.Exception.Message)"
}

if ($DiffMode) { $result.diff = @{ before = $before; after = $after } }
$result
