# win_group: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1, through the host façade only (Get/New/Set/Remove-WbLocalGroup). The group may be named by
# its SID too (S-1-5-32-558: BUILTIN group names are localised). Changes only what differs; check mode changes nothing.
Set-StrictMode -Version 2.0

function Get-GroupView {
    param($Group)
    if ($null -eq $Group) { return '' }
    return @{ name = [string]$Group.Name; description = [string]$Group.Description }
}

$name = [string](Get-ModuleArg -Name 'name')
$state = [string](Get-ModuleArg -Name 'state' -Default 'present')
$description = Get-ModuleArg -Name 'description'
# 1.14's result is `changed` alone (its RETURN block is empty; newer collections added sid).
$result = @{ changed = $false }
$before = ''
$after = ''
# The ADSI call 1.14 makes for the step under way ($group.SetInfo() to create or describe, $adsi.delete("Group", …)
# to remove): its failure is reported as PowerShell wraps that method's error.
$adsiCall = @('SetInfo', 0)

try {
    $group = Get-WbLocalGroup -Name $name
    $before = Get-GroupView -Group $group
    $after = $before
    if ($state -eq 'present') {
        if ($null -eq $group) {
            $result.changed = $true
            $after = @{ name = $name; description = '' }
            if ($null -ne $description) { $after.description = [string]$description }
            if (-not $CheckMode) {
                $new = @{ Name = $name }
                if ($null -ne $description) { $new.Description = [string]$description }
                $null = New-WbLocalGroup @new
            }
        }
        elseif ($null -ne $description -and [string]$group.Description -cne [string]$description) {
            $result.changed = $true
            $after = @{ name = [string]$group.Name; description = [string]$description }
            if (-not $CheckMode) { $null = Set-WbLocalGroup -Name $group.Name -Description ([string]$description) }
        }
    }
    elseif ($null -ne $group) {
        $result.changed = $true
        $after = ''
        $adsiCall = @('Delete', 2)
        if (-not $CheckMode) { Remove-WbLocalGroup -Name $group.Name }
    }
}
catch {
    # 1.14 catches every error and fails with its message alone (Fail-Json $result $_.Exception.Message); a Windows
    # error reaches it inside PowerShell's MethodInvocationException around the ADSI call.
    $result.failed = $true
    $w = $_.Exception
    while ($null -ne $w -and $w -isnot [ComponentModel.Win32Exception]) { $w = $w.InnerException }
    if ($null -ne $w) { $result.msg = 'Exception calling "{0}" with "{1}" argument(s): "{2}"' -f $adsiCall[0], $adsiCall[1], $w.Message }
    else { $result.msg = $_.Exception.Message }
}

if ($DiffMode) { $result.diff = @{ before = $before; after = $after } }
$result
