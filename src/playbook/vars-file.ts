/** A variables file (vars_files:, a role's defaults/ and vars/): a YAML mapping, read as Ansible reads it. */
import { isMap, type Node } from 'yaml';
import type { SourcePos } from '../errors.ts';
import type { Vars } from '../inventory/types.ts';
import { readSource, type LoadCtx } from './load-context.ts';
import { inputError, jsOf, nodePos } from './yaml-pos.ts';

export function readVarsFile(lc: LoadCtx, file: string, at?: SourcePos): Vars {
  const head = lc.readText(file);
  if (head.startsWith('$ANSIBLE_VAULT')) {
    if (!lc.decryptFile) {
      throw inputError('PLAYBOOK_VAULT_LOCKED', `${file} is vault-encrypted and no vault password was given`, at ?? { file, line: 1, col: 1 }, {
        hint: 'pass --vault-password-file FILE (or --ask-vault-pass)',
      });
    }
    const plain = lc.decryptFile(head, file);
    return readVarsFile({ ...lc, readText: () => plain }, file, at);
  }
  const src = readSource(lc, file, at);
  const root = src.doc.contents;
  if (root === null || (root as { value?: unknown }).value === null) return {};
  if (!isMap(root)) {
    throw inputError('PLAYBOOK_INVALID', `${file} must hold a mapping of variable names to values`, nodePos(src, root as Node), {
      hint: 'write it as name: value lines',
    });
  }
  return jsOf(src, root) as Vars;
}
