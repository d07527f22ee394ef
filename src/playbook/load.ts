/**
 * Reads an Ansible playbook unchanged into the Playbook model, keeping file:line:col for every play, task and
 * argument. YAML is read as 1.1, as Ansible (PyYAML) reads it: `yes`/`no` are booleans and `<<` merges.
 * Anything we do not support is an InputError naming the keyword and what to do instead.
 */
import { readFile } from 'node:fs/promises';
import { isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { errorMessage, InputError } from '../errors.ts';
import type { Playbook } from './types.ts';
import { registryCatalog, type ModuleCatalog } from './module-catalog.ts';
import { parsePlay } from './play.ts';
import { inputError, nodePos, posAt, type SourceText } from './yaml-pos.ts';

export interface ParseOptions {
  /** Where module names resolve; the registry unless a test passes its own. */
  modules?: ModuleCatalog;
}

function syntaxHint(line: string): string {
  if (/:\s*\{\{/.test(line) || /^\s*-\s*\{\{/.test(line)) {
    return 'a value starting with {{ must be quoted: msg: "{{ var }}"';
  }
  return 'check the indentation (spaces only) and quoting around this line';
}

function rejectTagsAndTemplateKeys(src: SourceText): void {
  visit(src.doc, {
    Scalar(_k, node) {
      if (node.tag === '!vault' || node.tag === '!unsafe') {
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
  const doc = parseDocument(text, { lineCounter: lines, version: '1.1', prettyErrors: false, uniqueKeys: true });
  const src: SourceText = { file, text, lines, doc };
  const first = doc.errors[0];
  if (first) {
    const pos = posAt(src, first.pos[0]);
    const line = text.split('\n')[pos.line - 1] ?? '';
    throw inputError('PLAYBOOK_SYNTAX', `YAML syntax error: ${first.message.split('\n')[0]}`, pos, { hint: syntaxHint(line) });
  }
  rejectTagsAndTemplateKeys(src);
  const root = doc.contents;
  if (root === null || (!isSeq(root) && (root as { value?: unknown }).value === null)) {
    throw inputError('PLAYBOOK_INVALID', 'the playbook is empty', { file, line: 1, col: 1 }, { hint: "a playbook is a list of plays: '- hosts: all'" });
  }
  if (!isSeq(root)) {
    throw inputError('PLAYBOOK_INVALID', 'a playbook must be a list of plays', nodePos(src, root as Node), {
      hint: "start each play with '- hosts: <pattern>' (a task list belongs under tasks: of a play)",
    });
  }
  const catalog = opts.modules ?? registryCatalog;
  return { file, plays: root.items.map((p, i) => parsePlay(src, p, i, catalog)) };
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
