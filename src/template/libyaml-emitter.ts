/**
 * libyaml 0.2.5's emitter (src/emitter.c), for the node trees PyYAML's representer builds: the text Ansible's
 * to_yaml/to_nice_yaml print. Ansible dumps with AnsibleDumper, which extends CSafeDumper when PyYAML has libyaml
 * (ansible/module_utils/common/yaml.py), so the contract is libyaml's emitter, not PyYAML's pure-Python one; the
 * two differ (libyaml writes no `...` after a lone plain scalar, escapes characters beyond U+FFFF, `"\U0001F600"`).
 * No npm YAML library reproduces either (the `yaml` package writes multi-line strings as `|-` blocks and folds and
 * quotes by its own rules), so this is a port of the parts a representer's events reach: plain, single- and
 * double-quoted scalars (the representer never asks for block scalars), block and flow collections, simple and
 * `?` keys, `---`/`...` markers. Function and flag names follow emitter.c so the two read side by side; columns
 * count code points, as libyaml does. The scalar analysis is in libyaml-scalar.ts.
 */
import { analyzeScalar, escape, isBreak, isPrintable, isSpace } from './libyaml-scalar.ts';

/**
 * A representer's node. No node appears twice: the representer refuses a repeated list or dict (pyyaml-dump.ts),
 * so the serializer's anchors and aliases are not needed.
 */
export type YamlNode =
  | { kind: 'scalar'; value: string; plainImplicit: boolean; quotedImplicit: boolean }
  | { kind: 'seq'; items: YamlNode[]; flow: boolean }
  | { kind: 'map'; pairs: [YamlNode, YamlNode][]; flow: boolean };

export interface EmitOptions {
  indent?: number;
  width?: number;
  explicitStart?: boolean;
  explicitEnd?: boolean;
}

type Style = 'plain' | 'single' | 'double';

/** One document, as yaml.dump writes it through CEmitter (serializer + libyaml emitter). */
export function emitDocument(root: YamlNode, opts: EmitOptions = {}): string {
  return new Emitter(opts).document(root);
}

class Emitter {
  private out = '';
  private readonly bestIndent: number;
  private readonly bestWidth: number;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private column = 0;
  private whitespace = true;
  private indention = true;
  private mappingContext = false;
  private simpleKeyContext = false;

  constructor(private readonly opts: EmitOptions) {
    // yaml_emitter_set_indent / set_width and the defaults yaml_emitter_emit_stream_start applies.
    const indent = opts.indent ?? 2;
    this.bestIndent = indent > 1 && indent < 10 ? indent : 2;
    let width = opts.width === undefined ? 0 : opts.width >= 0 ? opts.width : -1;
    if (width >= 0 && width <= this.bestIndent * 2) width = 80;
    this.bestWidth = width < 0 ? Number.MAX_SAFE_INTEGER : width;
  }

  document(root: YamlNode): string {
    if (this.opts.explicitStart) {
      this.writeIndent();
      this.writeIndicator('---', true, false, false);
    }
    this.node(root, false, false);
    this.writeIndent();
    if (this.opts.explicitEnd) {
      this.writeIndicator('...', true, false, false);
      this.writeIndent();
    }
    return this.out;
  }

  private put(s: string): void {
    this.out += s;
    this.column += 1;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private write(c: string): void {
    this.out += c;
    this.column += 1;
  }

  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() as number;
  }

  private writeIndent(): void {
    const indent = this.indent >= 0 ? this.indent : 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of indicator) this.write(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** yaml_emitter_emit_node: `mapping`/`simpleKey` are the contexts the node is emitted in. */
  private node(n: YamlNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (n.kind === 'scalar') return this.scalar(n);
    if (n.kind === 'seq') {
      if (this.flowLevel || n.flow || n.items.length === 0) return this.flowSequence(n.items);
      return this.blockSequence(n.items);
    }
    if (this.flowLevel || n.flow || n.pairs.length === 0) return this.flowMapping(n.pairs);
    return this.blockMapping(n.pairs);
  }

  /** yaml_emitter_check_simple_key, for the key about to be emitted. */
  private simpleKey(k: YamlNode): boolean {
    if (k.kind === 'scalar') {
      const a = analyzeScalar(k.value);
      return !a.multiline && a.length <= 128;
    }
    return (k.kind === 'seq' ? k.items.length : k.pairs.length) === 0;
  }

  private flowSequence(items: YamlNode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(item, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  private flowMapping(pairs: [YamlNode, YamlNode][]): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    pairs.forEach(([k, v], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.node(k, true, false);
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true, false, false);
      }
      this.node(v, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private blockSequence(items: YamlNode[]): void {
    // A sequence that is a mapping's value is indentless (`key:\n- item`).
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false);
    }
    this.popIndent();
  }

  private blockMapping(pairs: [YamlNode, YamlNode][]): void {
    this.increaseIndent(false, false);
    for (const [k, v] of pairs) {
      this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, true, false);
    }
    this.popIndent();
  }

  /** yaml_emitter_select_scalar_style + process_tag + process_scalar. */
  private scalar(n: Extract<YamlNode, { kind: 'scalar' }>): void {
    const a = analyzeScalar(n.value);
    let style: Style = 'plain';
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel && !a.flowPlainAllowed) || (!this.flowLevel && !a.blockPlainAllowed)) style = 'single';
      if (!a.length && (this.flowLevel || this.simpleKeyContext)) style = 'single';
      if (!n.plainImplicit) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (!n.quotedImplicit && style !== 'plain') {
      // The non-specific tag `!` keeps a quoted scalar from being read as a str (write_tag_handle).
      if (!this.whitespace) this.put(' ');
      this.write('!');
      this.whitespace = false;
      this.indention = false;
    }
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.plain(n.value, allowBreaks);
    else if (style === 'single') this.singleQuoted(n.value, allowBreaks);
    else this.doubleQuoted(n.value, allowBreaks);
    this.popIndent();
  }

  private plain(value: string, allowBreaks: boolean): void {
    const chars = Array.from(value);
    if (!this.whitespace && (chars.length || this.flowLevel)) this.put(' ');
    let spaces = false;
    let breaks = false;
    chars.forEach((c, i) => {
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && !isSpace(chars[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = breaks = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(value: string, allowBreaks: boolean): void {
    const chars = Array.from(value);
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    chars.forEach((c, i) => {
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== chars.length - 1 && !isSpace(chars[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.write(c);
        this.indention = false;
        spaces = breaks = false;
      }
    });
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(value: string, allowBreaks: boolean): void {
    const chars = Array.from(value);
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    chars.forEach((c, i) => {
      if (!isPrintable(c) || isBreak(c) || c === '"' || c === '\\') {
        // PUT per escape character: libyaml counts each of them as a column.
        for (const e of escape(c)) this.put(e);
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (isSpace(chars[i + 1])) this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }
}
