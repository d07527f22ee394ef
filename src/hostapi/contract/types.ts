/**
 * The façade between module scripts and Windows: each verb is a PowerShell function with named parameters. It has
 * two implementations: src/hostapi/windows/*.ps1 (the Win32/CIM/.NET calls, run on real hosts) and the simulator's
 * binding, generated from these specs, which forwards the call to the host model (src/sim/windows). A module body
 * calls verbs only; the specs are what both sides must agree on (test/contract/hostapi.contract.ts pins them).
 *
 * Conventions both implementations keep:
 * - A Windows refusal is thrown as System.ComponentModel.Win32Exception with the Win32 (or NERR) code and Windows'
 *   own en-US text, never wrapped: a module reads `$_.Exception.NativeErrorCode` directly. The Windows Update
 *   Agent's verbs throw COM's exceptions instead (contract/updates.ts): a module reads `$_.Exception.HResult`.
 * - Results are PSCustomObjects with PascalCase properties; a verb whose `returns` is a list writes its items to the
 *   pipeline one by one (callers wrap the call in `@(...)`); `none` writes nothing.
 * - Mutators change only what differs and return `$true` when they changed something, `$false` otherwise, unless
 *   their spec says otherwise; the simulator records each change with the acting account in the rehearsal log.
 */

export type ParamType =
  | 'string'
  | 'string[]'
  | 'int'
  | 'long'
  | 'bool'
  | 'switch'
  /** base64 text of bytes (both sides): file contents, REG_BINARY. */
  | 'base64'
  /** a JSON-able value: a hashtable or PSCustomObject of simple values, arrays of them. */
  | 'object';

export interface ParamSpec {
  type: ParamType;
  required?: boolean;
  /** A password or other secret: never logged by the simulator, never in an error message. */
  secret?: boolean;
  doc: string;
}

export type Domain = 'services' | 'accounts' | 'rights' | 'files' | 'acl' | 'registry' | 'environment' | 'processes' | 'system' | 'network' | 'agent' | 'features' | 'updates' | 'upload';

export interface VerbSpec {
  domain: Domain;
  /** What the verb does, in Windows terms (which API it stands for on a real host). */
  doc: string;
  params: Record<string, ParamSpec>;
  /** The result: 'none', 'bool', 'string', 'int', 'object' (one PSCustomObject), 'list' (objects to the pipeline), 'string-list'. */
  returns: 'none' | 'bool' | 'string' | 'int' | 'object' | 'object-or-null' | 'list' | 'string-list';
  /** Properties of each returned object, PascalCase, with their meaning. */
  shape?: Record<string, string>;
  /** Win32/NERR codes the verb may throw, with when. */
  errors?: Record<number, string>;
}

export type VerbTable = Record<string, VerbSpec>;
