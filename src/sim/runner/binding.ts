/**
 * The simulator's implementation of the host façade, generated from the contract: one PowerShell function per verb
 * with the verb's parameters, forwarding the bound parameters to the simulator (WinbookSim.Bridge, compiled into the
 * pwsh worker) and turning a Windows refusal into the Win32Exception (or, for a COM HRESULT, the COM exception) the
 * Windows implementation throws. It replaces
 * the Windows façade text in a simulated agent's first request (agent-process.ts).
 */
import { VERBS, type ParamSpec, type VerbSpec } from '../../hostapi/contract.ts';

const PS_TYPE: Record<ParamSpec['type'], string> = {
  string: '[AllowNull()][AllowEmptyString()][string]',
  'string[]': '[AllowNull()][AllowEmptyCollection()][string[]]',
  int: '[int]',
  long: '[long]',
  bool: '[bool]',
  switch: '[switch]',
  base64: '[AllowEmptyString()][string]',
  object: '[AllowNull()][object]',
};

function param(name: string, p: ParamSpec): string {
  const mandatory = p.required ? '[Parameter(Mandatory = $true)]' : '';
  const type = p.required ? PS_TYPE[p.type].replace(/\[AllowNull\(\)\]/, '') : PS_TYPE[p.type];
  return `${mandatory}${type}$${name}`;
}

function verbFunction(name: string, spec: VerbSpec, sid: string): string {
  const params = Object.entries(spec.params).map(([n, p]) => param(n, p)).join(', ');
  return `function ${name} {\n[CmdletBinding()]\nparam(${params})\nInvoke-WbSimVerb '${sid}' '${name}' $PSBoundParameters '${spec.returns}'\n}\n`;
}

// One forwarder for every verb. ConvertFrom-Json is the runspace's 5.1-shaped proxy (worker.ps1): dates stay strings.
const FORWARDER = `
function Invoke-WbSimVerb {
param([string]$Sid, [string]$Verb, $Bound, [string]$Returns)
$a = @{}
foreach ($k in $Bound.Keys) { $v = $Bound[$k]; if ($v -is [System.Management.Automation.SwitchParameter]) { $v = $v.IsPresent }; $a[$k] = $v }
$json = ConvertTo-Json -InputObject $a -Depth 20 -Compress
try { $r = [WinbookSim.Bridge]::Call($Sid, $Verb, $json) }
catch {
$e = $_.Exception
while ($null -ne $e -and -not ($e -is [System.Runtime.InteropServices.ExternalException] -or $e -is [System.UnauthorizedAccessException])) { $e = $e.InnerException }
if ($null -ne $e) { throw $e }
throw
}
if ($Returns -eq 'none') { return }
$v = ConvertFrom-Json -InputObject $r
if ($Returns -eq 'list' -or $Returns -eq 'string-list') { foreach ($x in $v) { $x }; return }
$v
}
`;

/**
 * The binding for one simulated session, with the session id the bridge routes by: every verb (an agent), or one
 * domain's (the upload script carries only the upload verbs).
 */
export function simBinding(sid: string, domain?: VerbSpec['domain']): string {
  if (!/^[A-Za-z0-9.-]+$/.test(sid)) throw new Error(`bad session id ${sid}`);
  let text = '# winbook simulator: the host façade bound to the simulated host (src/sim/runner/binding.ts)\n' + FORWARDER;
  for (const [name, spec] of VERBS) if (domain === undefined || spec.domain === domain) text += verbFunction(name, spec, sid);
  return text;
}
