/**
 * The script module's `_raw_params` as ansible-core 2.14's action plugin reads it (the loader took `creates=`,
 * `removes=`, `chdir=` out of the free form with parse_kv(check_raw=True), src/playbook/module-args.ts): it
 * shlex-splits that text and uses the first word as the local script, the text after it as the
 * script's arguments (PowerShell parses them, `& script.ps1 ARGS`). `_find_needle('files', name)` is the search (src/playbook/search-path.ts).
 */

/** What the loader found for a script task, handed to the module as `preloaded`. */
export interface ScriptFile {
  /** The script's path on the controller and its text (decrypted when it was a vault file). */
  path?: string;
  text?: string;
  /** Ansible's "Could not find or access" text when no candidate exists (the task fails when it runs). */
  missing?: string;
}

/** shlex.split's first word (POSIX: quotes removed, backslash escapes) and the text after it. */
export function splitScriptParams(raw: string): { source: string; arguments: string } {
  const text = raw.trim();
  let word = '';
  let i = 0;
  let quote: string | undefined;
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1] as string)) word += text[++i];
      else word += c;
    } else if (/\s/.test(c)) break;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < text.length) word += text[++i];
    else word += c;
  }
  return { source: word, arguments: text.slice(i).trim() };
}
