/**
 * The script module's free form as ansible-core 2.14 reads it: parse_kv(check_raw=True) takes out `creates=`,
 * `removes=`, `chdir=`, `executable=` (and the other command keys) and leaves the rest as `_raw_params`; the action
 * plugin then shlex-splits that text and uses the first word as the local script, the text after it as the
 * script's arguments (PowerShell parses them, `& script.ps1 ARGS`). `_find_needle('files', name)` is the search (src/playbook/search-path.ts).
 */
import { COMMAND_OPTIONS, parseFreeForm } from '../../playbook/parse-kv.ts';

/** What the loader found for a script task, handed to the module as `preloaded`. */
export interface ScriptFile {
  /** The script's path on the controller and its text (decrypted when it was a vault file). */
  path?: string;
  text?: string;
  /** Ansible's "Could not find or access" text when no candidate exists (the task fails when it runs). */
  missing?: string;
}

/** The free form split into the command keys and the remaining text. */
export function extractFreeFormOptions(text: string): { raw: string; options: Record<string, string> } {
  // parse_kv(check_raw=True), as win_command's free form is read (src/playbook/parse-kv.ts).
  const ff = parseFreeForm(text, COMMAND_OPTIONS);
  return { raw: ff.raw ?? '', options: ff.params };
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
