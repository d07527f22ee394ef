/**
 * The text of `-e @file` and its YAML, with the caps of src/util/limits.ts: only a regular file (not /dev/zero,
 * a FIFO or a directory), at most LIMITS.extraVarsFileBytes, and alias expansion capped. `-e` is a command-line
 * option, so its errors are OptionsErrors (exit 5).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { OptionsError } from '../errors.ts';
import { pyScalarTags } from '../inventory/yaml-source.ts';
import { ALIAS_BOMB_HINT, aliasBombOffset, isAliasBomb, LIMITS } from '../util/limits.ts';

const HINT = 'the path after @ is relative to the current directory';

export function readExtraVarsFile(value: string, file: string): string {
  let fd: number;
  try {
    // Opening a FIFO would block until a writer comes; O_NONBLOCK makes the open return, the check below refuses it.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: cannot read ${file}`, { hint: HINT });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: ${file} is not a regular file`, { hint: 'give -e @ a YAML or JSON file of variables' });
    }
    if (st.size > LIMITS.extraVarsFileBytes) {
      throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: ${file} is ${st.size.toLocaleString('en-US')} bytes, more than the limit of ${LIMITS.extraVarsFileBytes / (1024 * 1024)} MiB`, {
        hint: 'extra vars are a few settings; keep large data in files the tasks copy',
      });
    }
    // Read at most one byte past the cap: a file that grows while read is still refused.
    const buf = Buffer.alloc(Math.min(st.size, LIMITS.extraVarsFileBytes) + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > LIMITS.extraVarsFileBytes) {
      throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: ${file} is more than the limit of ${LIMITS.extraVarsFileBytes / (1024 * 1024)} MiB`, { hint: HINT });
    }
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** `-e` YAML/JSON (inline or from a file) to its value, alias expansion capped; syntax errors throw as `parse` does. */
export function parseExtraVarsYaml(text: string, value: string, file?: string): unknown {
  const lines = new LineCounter();
  // Ansible reads `-e @file` and `-e '{…}'` with PyYAML, as it reads a vars file: YAML 1.1's types (`yes` a
  // boolean, `1.0` a float), not the yaml package's YAML 1.2 ones.
  const doc = parseDocument(text, { lineCounter: lines, version: '1.1', schema: 'yaml-1.1', customTags: pyScalarTags, logLevel: 'error' });
  const first = doc.errors[0];
  if (first) throw first;
  try {
    return doc.toJS({ maxAliasCount: LIMITS.yamlAliasCount }) as unknown;
  } catch (e) {
    if (!isAliasBomb(e)) throw e;
    const at = aliasBombOffset(doc);
    throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: YAML aliases expand beyond the limit (${LIMITS.yamlAliasCount})`, {
      hint: ALIAS_BOMB_HINT,
      ...(file && at !== undefined ? { pos: { file, ...lines.linePos(at) } } : {}),
    });
  }
}
