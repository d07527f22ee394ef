/** Positions of YAML nodes (1-based line:col) and the walk from a zod issue path back to its node. */
import { isAlias, isMap, isSeq, isScalar, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import { InputError, type SourcePos, type WinbookErrorOptions } from '../errors.ts';
import { ALIAS_BOMB_HINT, aliasBombOffset, isAliasBomb, LIMITS } from '../util/limits.ts';

export interface SourceText {
  file: string;
  text: string;
  lines: LineCounter;
  doc: Document;
}

/** A node with aliases followed (`*anchor` → the anchored node). */
export function resolved(src: SourceText, node: unknown): Node | null | undefined {
  if (isAlias(node)) return node.resolve(src.doc) ?? null;
  return node as Node | null | undefined;
}

/** The plain JS value of a node (aliases and `<<` merges resolved). */
export function jsOf(src: SourceText, node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  try {
    return node.toJS(src.doc, { maxAliasCount: LIMITS.yamlAliasCount }) as unknown;
  } catch (e) {
    if (!isAliasBomb(e)) throw e;
    const at = aliasBombOffset(src.doc, node);
    throw inputError('YAML_ALIAS_LIMIT', `YAML aliases expand beyond the limit (${LIMITS.yamlAliasCount})`, at === undefined ? nodePos(src, node) : posAt(src, at), {
      hint: ALIAS_BOMB_HINT,
    });
  }
}

export function posAt(src: SourceText, offset: number): SourcePos {
  const { line, col } = src.lines.linePos(offset);
  return { file: src.file, line, col };
}

export function nodePos(src: SourceText, node: Node | null | undefined, fallback?: SourcePos): SourcePos {
  const offset = node?.range?.[0];
  if (offset === undefined) return fallback ?? { file: src.file, line: 1, col: 1 };
  return posAt(src, offset);
}

/** The key as a string, for mapping entries whose key is a plain scalar. */
export function keyName(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number' || typeof k.value === 'boolean')) {
    return String(k.value);
  }
  return undefined;
}

/** The node a zod issue path points at inside `node`, as deep as the path can be followed. */
export function nodeAt(node: Node | null | undefined, path: readonly PropertyKey[]): Node | null | undefined {
  let cur = node;
  for (const step of path) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => keyName(p) === String(step));
      if (!pair) return cur;
      cur = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(cur) && typeof step === 'number') {
      const item = cur.items[step] as Node | undefined;
      if (!item) return cur;
      cur = item;
    } else {
      return cur;
    }
  }
  return cur;
}

/** How a user would name the YAML type of a value, for "must be X, got Y" messages. */
export function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Number) return `a number (${String(v)})`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `a string`;
  if (typeof v === 'number') return `a number (${v})`;
  if (typeof v === 'boolean') return `a boolean (${v})`;
  return typeof v;
}

export function inputError(code: string, message: string, pos: SourcePos, opts: WinbookErrorOptions = {}): InputError {
  return new InputError(code, message, { ...opts, pos });
}
