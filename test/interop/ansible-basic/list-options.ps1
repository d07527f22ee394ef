# Lists the options and aliases each ansible.windows module takes, read from the module's own source: for an
# Ansible.Basic module its `$spec = @{ … }` (evaluated as convert-args.ps1 does, with the web request fragment of
# WebRequest.psm1 for the modules that add it, and sub-options of dict options); for a legacy module every
# `Get-AnsibleParam -name X -aliases A, B` call (positional name too). Prints one JSON line per module:
# { "module": "win_x", "kind": "basic"|"legacy", "options": [{ "name", "aliases", "options"? }] }.
param([Parameter(ValueFromRemainingArguments = $true)][string[]]$Modules)
$ErrorActionPreference = 'Stop'

function ConvertTo-OptionList($options) {
    $list = @()
    foreach ($name in @($options.Keys | Sort-Object)) {
        if ($name.StartsWith('_')) { continue }
        $o = $options[$name]
        $entry = [ordered]@{ name = $name; aliases = @(@($o['aliases']) | Where-Object { $_ }) }
        if ($o['options']) { $entry.options = @(ConvertTo-OptionList $o['options']) }
        $list += , $entry
    }
    return $list
}

function Get-BasicOptions($ast, [string]$path) {
    $statements = @()
    foreach ($st in $ast.EndBlock.Statements) {
        if ($st -isnot [System.Management.Automation.Language.AssignmentStatementAst]) { continue }
        $statements += $st.Extent.Text
        if ($st.Left.Extent.Text -eq '$spec') { break }
    }
    Invoke-Expression ($statements -join "`n")
    if ($ast.Extent.Text.Contains('Get-AnsibleWindowsWebRequestSpec')) {
        Import-Module (Join-Path (Split-Path (Split-Path $path)) 'module_utils/WebRequest.psm1')
        Merge-FragmentSpec $spec (Get-AnsibleWindowsWebRequestSpec)
    }
    return ConvertTo-OptionList $spec.options
}

# Ansible.Basic's MergeFragmentSpec: the module's spec wins; a fragment adds missing keys, merges dictionaries
# and appends to lists.
function Merge-FragmentSpec($Spec, $Fragment) {
    foreach ($k in @($Fragment.Keys)) {
        $v = $Fragment[$k]
        if (-not $Spec.Contains($k)) { $Spec[$k] = $v }
        elseif ($v -is [System.Collections.IDictionary]) { Merge-FragmentSpec $Spec[$k] $v }
        elseif ($v -is [System.Collections.IList] -and $v -isnot [string]) { $Spec[$k] = @($Spec[$k]) + @($v) }
    }
}

# Get-AnsibleParam's parameters, named or positional (obj, name): the values of -name and -aliases.
function Get-LegacyOptions($ast) {
    $calls = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Get-AnsibleParam' }, $true)
    $list = @()
    foreach ($call in $calls) {
        $name = $null; $aliases = @(); $positional = @()
        $elements = @($call.CommandElements | Select-Object -Skip 1)
        for ($i = 0; $i -lt $elements.Count; $i++) {
            $e = $elements[$i]
            if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
                $value = if ($e.Argument) { $e.Argument } elseif ($i + 1 -lt $elements.Count) { $i++; $elements[$i] } else { $null }
                if ($e.ParameterName -eq 'name') { $name = $value.SafeGetValue() }
                elseif ($e.ParameterName -eq 'aliases') { $aliases = @($value.SafeGetValue()) }
                continue
            }
            $positional += , $e
        }
        if ($null -eq $name -and $positional.Count -ge 2) { $name = $positional[1].SafeGetValue() }
        # Options that start with `_` are set by Ansible itself (_ansible_check_mode), not by a task.
        if ($null -ne $name -and -not $name.StartsWith('_') -and -not ($list | Where-Object { $_.name -eq $name })) { $list += , [ordered]@{ name = $name; aliases = $aliases } }
    }
    return $list
}

foreach ($path in $Modules) {
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$null, [ref]$null)
    $basic = $ast.Extent.Text -match '(?m)^\$spec\s*='
    $options = if ($basic) { Get-BasicOptions $ast $path } else { Get-LegacyOptions $ast }
    [ordered]@{
        module = [System.IO.Path]::GetFileNameWithoutExtension($path)
        kind = if ($basic) { 'basic' } else { 'legacy' }
        options = @($options)
    } | ConvertTo-Json -Compress -Depth 10
}
