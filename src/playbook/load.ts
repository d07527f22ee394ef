/**
 * Reads an Ansible playbook unchanged into the Playbook model, keeping file:line:col for every play, task and
 * argument. YAML is read as 1.1, as Ansible (PyYAML) reads it: `yes`/`no` are booleans and `<<` merges.
 * Anything we do not support is an InputError naming the keyword and what to do instead.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, visit, type Node, type Pair } from 'yaml';
import { errorMessage, InputError, type SourcePos } from '../errors.ts';
import type { PlayDef, Playbook } from './types.ts';
import { PLAYBOOK_YAML, defaultReadText, enter, newPlayAccum, readSource, resolveFile, type LoadCtx } from './load-context.ts';
import { registryCatalog, type ModuleCatalog } from './module-catalog.ts';
import { parsePlay } from './play.ts';
import { inputError, jsOf, keyName, nodePos, posAt, resolved, type SourceText } from './yaml-pos.ts';
import { tagPos } from '../vault/inline.ts';

export interface ParseOptions {
  /** Where module names resolve; the registry unless a test passes its own. */
  modules?: ModuleCatalog;
  /** Decrypts inline `!vault` values (src/vault's Vault); without it they are an error at their position. */
  vault?: { decrypt(text: string, pos: SourcePos): string };
  /** How imported files, roles and vars_files are read (tests pass an in-memory map). */
  readText?: (file: string) => string;
  /** Decrypts vault-encrypted vars_files. */
  decryptFile?: (text: string, file: string) => string;
}

function syntaxHint(line: string): string {
  if (/:\s*\{\{/.test(line) || /^\s*-\s*\{\{/.test(line)) {
    return 'a value starting with {{ must be quoted: msg: "{{ var }}"';
  }
  return 'check the indentation (spaces only) and quoting around this line';
}

function rejectTagsAndTemplateKeys(src: SourceText, vault: ParseOptions['vault']): void {
  visit(src.doc, {
    Scalar(_k, node) {
      if (node.tag === '!vault') {
        const pos = tagPos(src.text, nodePos(src, node as Node));
        if (!vault) throw inputError('VAULT_NO_PASSWORD', 'this value is vault-encrypted and no vault password was given', pos, { hint: 'pass --vault-password-file FILE, --ask-vault-pass or --vault-id label@source' });
        node.value = vault.decrypt(String(node.value), pos);
        node.tag = undefined;
        return;
      }
      if (node.tag === '!unsafe') {
        throw inputError('PLAYBOOK_UNSUPPORTED', `'${node.tag}' values in playbooks are not supported yet`, nodePos(src, node as Node), {
          hint: 'keep secrets in an inventory variable file (group_vars/host_vars) or pass them with -e',
        });
      }
    },
    Map(_k, node) {
      // `msg: {{ x }}` parses as a flow mapping; Ansible users recognise the quoting advice.
      const start = node.range?.[0];
      if (node.flow && start !== undefined && src.text.startsWith('{{', start)) {
        throw inputError('PLAYBOOK_SYNTAX', 'a template value must be quoted', nodePos(src, node as Node), {
          hint: 'a value starting with {{ must be quoted: msg: "{{ var }}"',
        });
      }
    },
  });
}

export function parsePlaybook(text: string, file: string, opts: ParseOptions = {}): Playbook {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, ...PLAYBOOK_YAML });
  const src: SourceText = { file, text, lines, doc };
  const first = doc.errors[0];
  if (first) {
    const pos = posAt(src, first.pos[0]);
    const line = text.split('\n')[pos.line - 1] ?? '';
    throw inputError('PLAYBOOK_SYNTAX', `YAML syntax error: ${first.message.split('\n')[0]}`, pos, { hint: syntaxHint(line) });
  }
  // The loader follows aliases as it walks: expand the document once, capped, so an alias bomb is refused first.
  jsOf(src, doc.contents as Node | null);
  rejectTagsAndTemplateKeys(src, opts.vault);
  const root = doc.contents;
  if (root === null || (!isSeq(root) && (root as { value?: unknown }).value === null)) {
    throw inputError('PLAYBOOK_INVALID', 'the playbook is empty', { file, line: 1, col: 1 }, { hint: "a playbook is a list of plays: '- hosts: all'" });
  }
  if (!isSeq(root)) {
    throw inputError('PLAYBOOK_INVALID', 'a playbook must be a list of plays', nodePos(src, root as Node), {
      hint: "start each play with '- hosts: <pattern>' (a task list belongs under tasks: of a play)",
    });
  }
  const lc: LoadCtx = {
    catalog: opts.modules ?? registryCatalog,
    playbookDir: dirname(file),
    stack: [file],
    readText: opts.readText ?? defaultReadText,
    play: newPlayAccum(),
    checkSource: (sub) => rejectTagsAndTemplateKeys(sub, opts.vault),
    ...(opts.decryptFile ? { decryptFile: opts.decryptFile } : {}),
  };
  return { file, plays: playsOf(lc, src, root.items) };
}

/** Plays, with `import_playbook:` entries replaced by the imported file's plays (relative to the importing file). */
function playsOf(lc: LoadCtx, src: SourceText, items: unknown[]): PlayDef[] {
  const out: PlayDef[] = [];
  items.forEach((raw, i) => {
    const node = resolved(src, raw);
    const imp = isMap(node) ? (node.items.find((p) => ['import_playbook', 'ansible.builtin.import_playbook'].includes(keyName(p) ?? '')) as Pair | undefined) : undefined;
    if (!imp || !isMap(node)) {
      out.push(parsePlay(lc, src, raw, i));
      return;
    }
    const at = nodePos(src, imp.value as Node);
    const other = node.items.find((p) => p !== imp && keyName(p) !== 'name');
    if (other) {
      throw inputError('PLAYBOOK_UNSUPPORTED', `'${keyName(other) ?? ''}' on import_playbook is not supported`, nodePos(src, other.key as Node), {
        hint: 'set variables and conditions in the imported playbook itself',
      });
    }
    const file = resolveFile(lc, String(jsOf(src, resolved(src, imp.value))), src.file, at, 'import_playbook');
    const inner = enter(lc, file, at);
    const sub = readSource(inner, file, at);
    const root = sub.doc.contents;
    if (!isSeq(root)) throw inputError('PLAYBOOK_INVALID', `import_playbook: ${file} is not a list of plays`, at);
    out.push(...playsOf(inner, sub, root.items));
  });
  return out;
}

export async function loadPlaybook(file: string, opts: ParseOptions = {}): Promise<Playbook> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError('PLAYBOOK_NOT_FOUND', `cannot read playbook ${file}: ${errorMessage(e)}`, {
      hint: 'check the path',
      cause: e,
    });
  }
  return parsePlaybook(text, file, opts);
}
