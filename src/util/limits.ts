/**
 * Resource caps on input, so a hostile or mistaken playbook, inventory, vars file or template is refused with a
 * message instead of exhausting memory or hanging the controller. docs/compatibility.md ("Limits") lists them.
 */
import { isAlias, isCollection, isPair, visit, type Document, type Node } from 'yaml';
// Every YAML reader imports this file, so the mapping order fix (dict-order.ts) is installed wherever YAML is read.
import './yaml-dict-order.ts';

export const LIMITS = {
  /**
   * YAML aliases: the `yaml` package's `maxAliasCount` (an anchor's uses × the aliases inside it). 1000 lets a
   * playbook reuse an anchored block hundreds of times, and stops a "billion laughs" alias bomb at its first levels.
   */
  yamlAliasCount: 1000,
  /** Hosts one range (`win[1:50000]`) expands to. */
  hostsPerRange: 100_000,
  /** Hosts in all inventory sources together. */
  hostsPerInventory: 100_000,
  /** Length of the list `range()` makes in a template (Jinja2's sandbox caps it at 100000 too). */
  templateRange: 100_000,
  /** Characters one rendered template may produce (10 MiB). */
  templateOutput: 10 * 1024 * 1024,
  /** Iterations of `{% for %}` loops, all loops of one render together. */
  templateIterations: 10_000_000,
  /** Wall time of one render, in milliseconds. */
  templateMillis: 10_000,
  /** Size of a `-e @file`. */
  extraVarsFileBytes: 16 * 1024 * 1024,
};

const ALIAS_BOMB = /Excessive alias count/;

/** The `yaml` package's ReferenceError for an alias expansion above `maxAliasCount`. */
export function isAliasBomb(e: unknown): boolean {
  return e instanceof Error && ALIAS_BOMB.test(e.message);
}

/**
 * Where to point at in an alias bomb: the first alias whose anchor holds aliases itself (the amplifying step),
 * else the first alias, else nothing. An offset into the source text.
 */
export function aliasBombOffset(doc: Document, node?: Node | null): number | undefined {
  let first: number | undefined;
  let amplifying: number | undefined;
  const root = node ?? doc.contents;
  if (!root) return undefined;
  visit(root as Node, {
    Alias(_k, alias) {
      const at = alias.range?.[0];
      first ??= at;
      const target = alias.resolve(doc);
      if (target && isCollection(target) && hasAlias(target)) {
        amplifying = at;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return amplifying ?? first;
}

function hasAlias(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isPair(node)) return hasAlias(node.key) || hasAlias(node.value);
  if (isCollection(node)) return node.items.some(hasAlias);
  return false;
}

export const ALIAS_BOMB_HINT = `an alias (*name) used more than ${LIMITS.yamlAliasCount} times over, counting aliases inside anchors, is refused as a "billion laughs" alias bomb; write the repeated values out, or reuse fewer levels of anchors`;
