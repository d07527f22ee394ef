/** Validates one keyword's value against its zod shape, reporting the offending node's line:col. */
import type { Node } from 'yaml';
import { inputError, kindOf, nodeAt, nodePos, type SourceText } from './yaml-pos.ts';
import type { KeywordShape } from './schema.ts';
import { holdsPyFloat, plainValue } from '../template/index.ts';

interface IssueLike {
  path: PropertyKey[];
  code?: string;
  errors?: IssueLike[][];
}

/** A union fails at its root; the branch that got furthest tells which item is wrong (notify[1], not notify). */
function deepestPath(issues: readonly IssueLike[]): PropertyKey[] {
  let best: PropertyKey[] = [];
  for (const issue of issues) {
    const nested = issue.code === 'invalid_union' && issue.errors ? issue.errors.map((branch) => deepestPath(branch)) : [];
    for (const sub of [[], ...nested]) {
      const p = [...issue.path, ...sub];
      if (p.length > best.length) best = p;
    }
  }
  return best;
}

export function checkKeyword(
  src: SourceText,
  keyword: string,
  shape: KeywordShape,
  value: unknown,
  node: Node | null | undefined,
  fallbackNode: Node,
): unknown {
  let r = shape.schema.safeParse(value);
  if (r.success) return r.data;
  // A whole-valued YAML float (`retries: 3.0`, a PyFloat) is its number where a keyword takes one, as Ansible's
  // FieldAttribute int()s or float()s it; text keywords (`name: 1.0`) take it as `1.0` above.
  if (holdsPyFloat(value)) {
    const plain = shape.schema.safeParse(plainValue(value));
    if (plain.success) return plain.data;
    r = plain;
  }
  const path = deepestPath(r.error.issues);
  const at = nodeAt(node, path) ?? fallbackNode;
  let got: unknown = value;
  for (const step of path) got = (got as Record<PropertyKey, unknown> | undefined)?.[step];
  const where = path.length ? `'${keyword}' item ${path.map(String).join('.')}` : `'${keyword}'`;
  throw inputError('PLAYBOOK_INVALID', `${where} must be ${shape.expected}, got ${kindOf(got)}`, nodePos(src, at ?? fallbackNode), {
    hint: `write ${keyword}: as ${shape.expected}`,
  });
}
