# Runs Ansible's own argument handling (module_utils/csharp/Ansible.Basic.cs, compiled here in pwsh) on each case
# of a JSON file: [{ "module": "<path of an ansible.windows module .ps1>", "args": { … }, "read"?: [names] }]. The spec is the
# module's own `$spec = @{ … }`, evaluated from its source, with the web request fragment (WebRequest.psm1's
# Get-AnsibleWindowsWebRequestSpec) for the modules that add it. Prints one JSON line per case: the converted
# parameters, or Ansible's failure message.
param([string]$BasicCs, [string]$CasesFile)
$ErrorActionPreference = 'Stop'

# Ansible's exec wrapper compiles Ansible.Basic for .NET Core with CORECLR defined and these references.
$src = "#define CORECLR`n" + (Get-Content -Raw -LiteralPath $BasicCs)
$refs = @((Get-ChildItem "$PSHOME/ref/*.dll").FullName) + @(
    [Newtonsoft.Json.JsonConvert].Assembly.Location,
    [System.Management.Automation.PSObject].Assembly.Location,
    "$PSHOME/System.Diagnostics.EventLog.dll",
    "$PSHOME/System.Security.AccessControl.dll",
    "$PSHOME/System.Security.Principal.Windows.dll") | Where-Object { $_ -and (Test-Path -LiteralPath $_) }
Add-Type -TypeDefinition $src -ReferencedAssemblies $refs -IgnoreWarnings -WarningAction SilentlyContinue

# As Ansible's own Ansible.Basic tests do: capture the output and turn exit into an exception.
$script:out = $null
[Ansible.Basic.AnsibleModule]::WriteLine = { param([string]$line) $script:out = $line }
[Ansible.Basic.AnsibleModule]::Exit = { param([int]$rc) throw "exit $rc" }

# Windows PowerShell 5.1's ConvertFrom-Json types, which the exec wrapper hands to Ansible.Basic: Int32 where it
# fits, Decimal for fractions, object[] for arrays, Hashtable for objects.
function ConvertTo-WinValue($v) {
    if ($null -eq $v) { return $null }
    if ($v -is [System.Collections.IDictionary]) {
        $h = @{}
        foreach ($k in $v.Keys) { $h[$k] = ConvertTo-WinValue $v[$k] }
        return , $h
    }
    if ($v -is [System.Collections.IList] -and $v -isnot [string]) {
        $list = [System.Collections.ArrayList]@()
        foreach ($x in $v) { [void]$list.Add((ConvertTo-WinValue $x)) }
        return , $list.ToArray()
    }
    if ($v -is [long] -and $v -ge [int]::MinValue -and $v -le [int]::MaxValue) { return [int]$v }
    if ($v -is [double]) { return [decimal]$v }
    return $v
}

# The module's top-level assignments up to its `$spec` (some specs use a variable set before them, such as
# win_service's $uint32Type), evaluated anew for every case: Create() adds defaults to the spec it is given.
$specText = @{}
function Get-ModuleSpec([string]$path) {
    if (-not $specText.ContainsKey($path)) {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$null, [ref]$null)
        $statements = @()
        foreach ($st in $ast.EndBlock.Statements) {
            if ($st -isnot [System.Management.Automation.Language.AssignmentStatementAst]) { continue }
            $statements += $st.Extent.Text
            if ($st.Left.Extent.Text -eq '$spec') { break }
        }
        if ($statements.Count -eq 0 -or $statements[-1] -notmatch '^\$spec\s*=') { throw "$path has no `$spec (a legacy Get-AnsibleParam module)" }
        $web = $ast.Extent.Text.Contains('Get-AnsibleWindowsWebRequestSpec')
        if ($web) { Import-Module (Join-Path (Split-Path (Split-Path $path)) 'module_utils/WebRequest.psm1') }
        $specText[$path] = @{ text = ($statements -join "`n"); web = $web }
    }
    $entry = $specText[$path]
    Invoke-Expression $entry.text
    $fragments = if ($entry.web) { @(Get-AnsibleWindowsWebRequestSpec) } else { @() }
    return @{ spec = $spec; fragments = $fragments }
}

$cases = Get-Content -Raw -LiteralPath $CasesFile | ConvertFrom-Json -AsHashtable
foreach ($case in $cases) {
    $complex_args = ConvertTo-WinValue $case.args
    $complex_args['_ansible_check_mode'] = $false
    $script:out = $null
    try {
        $s = Get-ModuleSpec $case.module
        $m = [Ansible.Basic.AnsibleModule]::Create(@(), $s.spec, [System.Collections.IDictionary[]]$s.fragments)
        $params = @{}
        # `read`: more parameters to report, such as the option an alias was given for.
        foreach ($k in @($case.args.Keys) + @($case.read | Where-Object { $_ })) { $params[$k] = $m.Params[$k] }
        @{ params = $params } | ConvertTo-Json -Compress -Depth 10
    }
    catch {
        if ($null -eq $script:out) { throw }
        $r = $script:out | ConvertFrom-Json
        @{ msg = $r.msg } | ConvertTo-Json -Compress
    }
}
