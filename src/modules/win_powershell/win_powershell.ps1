# win_powershell: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
# Windows PowerShell 5.1. Runs `script` as ansible.windows.win_powershell does when no `executable` is given: in a
# runspace of its own inside the agent's process, with `parameters` bound to its param block, $ErrorActionPreference
# from error_action, and the $Ansible variable (Result, Changed, Failed, Diff, CheckMode, Verbosity, Tmpdir). The
# runspace gets the agent's own session state (on a real host the default one; where the agent runs restricted,
# as in the simulator, the same restrictions: a Windows cmdlet that is not there fails as "not recognized").
# Returns result, output, error, warning, verbose, debug, information, host_out and host_err in Ansible's shapes;
# values are converted as the module converts them (depth, DateTime as ISO 8601, enums as Type/String/Value).
# uses: ../module-utils/command-result.ps1
Set-StrictMode -Version 2.0

$script = [string](Get-ModuleArg -Name 'script')
$depth = [int](Get-ModuleArg -Name 'depth' -Default 2)
$errorAction = [string](Get-ModuleArg -Name 'error_action' -Default 'continue')

$result = @{
    changed = $false; result = @{}; host_out = ''; host_err = ''
    output = @(); error = @(); warning = @(); verbose = @(); debug = @(); information = @()
}

if (Test-ModuleArg -Name 'creates') {
    $creates = [string](Get-ModuleArg -Name 'creates')
    if (Test-CommandPath -Path $creates) { $result.msg = "skipped, since $creates exists"; return $result }
}
if (Test-ModuleArg -Name 'removes') {
    $removes = [string](Get-ModuleArg -Name 'removes')
    if (-not (Test-CommandPath -Path $removes)) { $result.msg = "skipped, since $removes does not exist"; return $result }
}

# Console writes bypass the runspace's streams: the module would return them nowhere, so say so instead.
if ($script -match '\[(System\.)?Console\]::(Write|Error|Out)') {
    $result.failed = $true
    $result.msg = 'winbook runs win_powershell scripts in the agent process and cannot capture [Console] writes into host_out/host_err; use Write-Host or Write-Output'
    return $result
}

# A script that declares [CmdletBinding(SupportsShouldProcess)] runs in check mode with -WhatIf; any other is skipped.
$supportsShouldProcess = $false
$ast = $null
try { $ast = [scriptblock]::Create($script).Ast } catch { $ast = $null }
if ($null -ne $ast -and $null -ne $ast.ParamBlock) {
    foreach ($attr in $ast.ParamBlock.Attributes) {
        if ($attr.TypeName.Name -ne 'CmdletBinding') { continue }
        foreach ($na in $attr.NamedArguments) {
            if ($na.ArgumentName -eq 'SupportsShouldProcess' -and ($na.ExpressionOmitted -or $na.Argument.ToString() -eq '$true')) { $supportsShouldProcess = $true }
        }
    }
}
if ($CheckMode -and -not $supportsShouldProcess) {
    $result.changed = $true
    $result.msg = 'skipped, running in check mode'
    return $result
}

# Values as the module returns them: depth-limited, DateTime as ISO 8601, enums and types described, ETS stripped.
function Convert-OutputValue {
    param([AllowNull()]$Value, [int]$Depth)
    if ($null -eq $Value) { return $null }
    if ($Value -is [Enum] -and $Depth -ge 0) { return @{ Type = $Value.GetType().FullName; String = $Value.ToString(); Value = [int]$Value } }
    if ($Value -is [DateTime] -or $Value -is [DateTimeOffset]) { return $Value.ToString('o') }
    if ($Value -is [Type]) {
        if ($Depth -lt 0) { return $Value.FullName }
        $base = $null
        if ($null -ne $Value.BaseType) { $base = Convert-OutputValue -Value $Value.BaseType -Depth ($Depth - 1) }
        return @{ Name = $Value.Name; FullName = $Value.FullName; AssemblyQualifiedName = $Value.AssemblyQualifiedName; BaseType = $base }
    }
    if ($Value -is [string]) { return [string]$Value.PSObject.BaseObject }
    if ($Value -is [switch]) { return $Value.IsPresent }
    if ($Value.GetType().IsValueType) { return $Value.PSObject.BaseObject }
    if ($Depth -lt 0) { return [string]$Value }
    if ($Value -is [Collections.IList]) {
        $list = New-Object 'System.Collections.Generic.List[object]'
        foreach ($v in $Value) { $list.Add((Convert-OutputValue -Value $v -Depth ($Depth - 1))) }
        return , $list.ToArray()
    }
    $h = @{}
    foreach ($p in $Value.PSObject.Properties) {
        if ($Value -is [Collections.IDictionary] -and @('AliasProperty', 'ScriptProperty', 'NoteProperty') -notcontains [string]$p.MemberType) { continue }
        $h[$p.Name] = Convert-OutputValue -Value $p.Value -Depth ($Depth - 1)
    }
    if ($Value -is [Collections.IDictionary]) {
        foreach ($k in @($Value.Keys)) { $h[[string]$k] = Convert-OutputValue -Value $Value[$k] -Depth ($Depth - 1) }
    }
    $h
}

# Ansible hands the script its parameters as dictionaries and lists; the agent's JSON arrives as PSCustomObjects,
# which a [hashtable] parameter would refuse.
function ConvertTo-ParameterValue {
    param([AllowNull()]$Value)
    if ($Value -is [Management.Automation.PSCustomObject]) {
        $h = @{}
        foreach ($p in $Value.PSObject.Properties) { $h[$p.Name] = ConvertTo-ParameterValue -Value $p.Value }
        return $h
    }
    if ($Value -is [Array]) {
        $list = New-Object 'System.Collections.Generic.List[object]'
        foreach ($v in $Value) { $list.Add((ConvertTo-ParameterValue -Value $v)) }
        return , $list.ToArray()
    }
    $Value
}

function Convert-ExceptionInfo {
    param([AllowNull()]$Exception)
    if ($null -eq $Exception) { return $null }
    # ps51-lint-disable-next-line shallow-inner-exception -- the whole chain is walked: inner_exception recurses
    $inner = Convert-ExceptionInfo -Exception $Exception.InnerException
    @{
        message = [string]$Exception.Message; type = $Exception.GetType().FullName; help_link = $Exception.HelpLink
        source = $Exception.Source; hresult = [int]$Exception.HResult; inner_exception = $inner
    }
}

# $Ansible.Tmpdir: a scratch folder removed when the module ends, as Ansible's module tmpdir is.
$rand = New-Object Random
$tmpdir = Resolve-WbPath -Path ('%TEMP%\ansible-moduletmp-' + [DateTime]::UtcNow.Ticks + '-' + $rand.Next(0, 2147483647))
$null = New-WbDirectory -Path $tmpdir

$rs = [runspacefactory]::CreateRunspace([runspace]::DefaultRunspace.InitialSessionState)
$ps = $null
$psOutput = New-Object 'System.Collections.Generic.List[object]'
$failed = $false
try {
    $rs.Open()
    $ansible = [pscustomobject]@{
        PSTypeName = 'Ansible.Windows.WinPowerShell.Module'
        CheckMode = [bool]$CheckMode; Verbosity = 0; Result = @{}; Diff = @{}; Changed = $true; Failed = $false; Tmpdir = $tmpdir
    }
    $rs.SessionStateProxy.SetVariable('Ansible', $ansible)
    $eap = @{ stop = 'Stop'; continue = 'Continue'; silently_continue = 'SilentlyContinue' }[$errorAction]
    $rs.SessionStateProxy.SetVariable('ErrorActionPreference', [Management.Automation.ActionPreference]$eap)
    $ps = [powershell]::Create()
    $ps.Runspace = $rs
    [void]$ps.AddScript($script)
    $parameters = @{}
    $given = Get-ModuleArg -Name 'parameters'
    if ($null -ne $given) { foreach ($p in $given.PSObject.Properties) { $parameters[$p.Name] = ConvertTo-ParameterValue -Value $p.Value } }
    if ($supportsShouldProcess) { $parameters['Confirm'] = $false; $parameters['WhatIf'] = [bool]$CheckMode }
    if ($parameters.Count -gt 0) { [void]$ps.AddParameters($parameters) }
    # Output already written before a terminating error is kept: PowerShell.Invoke<T>(input, IList<T> output) fills
    # the list as it goes. PowerShell 5.1 cannot name a generic method's type argument, hence the reflection.
    $invoke = [powershell].GetMethods() | Where-Object {
        $_.Name -eq 'Invoke' -and $_.IsGenericMethodDefinition -and $_.GetParameters().Count -eq 2 -and $_.GetParameters()[1].ParameterType.Name -eq 'IList`1'
    } | Select-Object -First 1
    try { [void]$invoke.MakeGenericMethod([object]).Invoke($ps, [object[]]@($null, $psOutput.PSObject.BaseObject)) }
    catch {
        $failed = $true
        $e = $_.Exception
        while (($e -is [Management.Automation.MethodInvocationException] -or $e -is [Reflection.TargetInvocationException]) -and $null -ne $e.InnerException) { $e = $e.InnerException }
        if ($e -is [Management.Automation.IContainsErrorRecord]) { $ps.Streams.Error.Add($e.ErrorRecord) }
        else { $ps.Streams.Error.Add((New-Object Management.Automation.ErrorRecord $e, 'ScriptHalted', 'NotSpecified', $null)) }
    }
    $ansible = $rs.SessionStateProxy.GetVariable('Ansible')
}
finally {
    $rs.Dispose()
    try { $null = Remove-WbItem -Path $tmpdir } catch { $null = $_ }
}

$result.changed = [bool]$ansible.Changed
if ($failed -or [bool]$ansible.Failed) { $result.failed = $true }
$result.result = Convert-OutputValue -Value $ansible.Result -Depth $depth
if ($ansible.Diff -is [Collections.IDictionary] -and $ansible.Diff.Count -gt 0) {
    $diff = @{}
    foreach ($k in @($ansible.Diff.Keys)) { $diff[[string]$k] = Convert-OutputValue -Value $ansible.Diff[$k] -Depth $depth }
    $result.diff = $diff
}
$result.output = Convert-OutputValue -Value $psOutput.ToArray() -Depth $depth

# Error records as a Windows PowerShell 5.1 console shows them (NormalView), the module's `output` text.
$ErrorView = 'NormalView'
$errors = New-Object 'System.Collections.Generic.List[object]'
foreach ($er in $ps.Streams.Error) {
    $details = $null
    if ($null -ne $er.ErrorDetails) { $details = @{ message = $er.ErrorDetails.Message; recommended_action = $er.ErrorDetails.RecommendedAction } }
    $errors.Add(@{
            output = ($er | Out-String)
            error_details = $details
            exception = (Convert-ExceptionInfo -Exception $er.Exception)
            target_object = (Convert-OutputValue -Value $er.TargetObject -Depth $depth)
            category_info = @{
                category = [string]$er.CategoryInfo.Category; category_id = [int]$er.CategoryInfo.Category; activity = $er.CategoryInfo.Activity
                reason = $er.CategoryInfo.Reason; target_name = $er.CategoryInfo.TargetName; target_type = $er.CategoryInfo.TargetType
            }
            fully_qualified_error_id = $er.FullyQualifiedErrorId
            script_stack_trace = $er.ScriptStackTrace
            pipeline_iteration_info = @($er.PipelineIterationInfo | ForEach-Object { [int]$_ })
        })
}
$result.error = $errors.ToArray()
$result.warning = @($ps.Streams.Warning | ForEach-Object { [string]$_.Message })
$result.verbose = @($ps.Streams.Verbose | ForEach-Object { [string]$_.Message })
$result.debug = @($ps.Streams.Debug | ForEach-Object { [string]$_.Message })

# Write-Host writes an information record tagged PSHOST; the module's console host also prints it: host_out.
$hostOut = New-Object Text.StringBuilder
$information = New-Object 'System.Collections.Generic.List[object]'
foreach ($rec in $ps.Streams.Information) {
    $information.Add(@{
            message_data = (Convert-OutputValue -Value $rec.MessageData -Depth $depth)
            source = $rec.Source
            time_generated = $rec.TimeGenerated.ToUniversalTime().ToString('o')
            tags = @($rec.Tags | ForEach-Object { [string]$_ })
        })
    if (@($rec.Tags) -contains 'PSHOST') {
        $m = $rec.MessageData
        [void]$hostOut.Append([string]$m)
        if (-not ($m -is [Management.Automation.HostInformationMessage] -and $m.NoNewLine)) { [void]$hostOut.Append("`r`n") }
    }
}
$result.information = $information.ToArray()
$result.host_out = $hostOut.ToString()
$ps.Dispose()
$result
