import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parsePyLiteral } from '../../../src/template/py-literal.ts';

// Each case is read by python3 the way Ansible's ansible_eval_concat reads a template's text
// (ast.parse, true/false/null turned into constants, ast.literal_eval) and by parsePyLiteral; they must agree.
const CASES = [
  '[1, 2]', '[1, 2,]', '[]', '{}', '{"a": 1}', "{'a': [1, {'b': None}]}", '{ "a": true, "b": null, "c": false }',
  'True', 'False', 'None', 'true', '[true, false, null]', '(1, 2)', '()', '(1,)', '[(1, 2), 3]', '1, 2', '[1], [2]',
  '[-1, +2, - 3]', '[0x1F, 0o17, 0b101, 1_000]', '[1.5, .5, 1., 1e3, 2.5E-2, 1_0.5]', '[0]', '[00]', '[01]',
  "['a' 'b', \"c\" 'd']", "['it\\'s', \"q\\\"q\"]", "['\\n\\t\\\\', '\\x41\\u00e9\\U0001F600', '\\101\\0']",
  "['\\q', r'\\n', R'a\\'b']", "[u'x']", "['''tri\nple''', \"\"\"x\"\"\"]", "['a\\\nb']",
  "[1,\n 2]  # comment", '[1, 2]\n', '{1: "a", "b": 2}', '{True: 1}',
  '[name]', '[1 + 2]', '[1j]', '{1, 2}', "[b'x']", "[f'x']", '[1, 2', '[1 2]', '{"a": 1,,}', '[--1]', '[-True]',
  "['\\N{BULLET}']", '[1]; [2]', '{[1]: 2}', '[12345678901234567890]', 'x', '[1x]', '[1_]', "['a\nb']",
  '[set()]', '[...]', '{**{}}', '[*x]', '{"a"}',
];

// Cases Python accepts that parsePyLiteral refuses on purpose (the text is kept): \N{} escapes need Unicode's name
// table, and ints past 2^53 cannot be held exactly. Listed so the refusal is visible, not silent.
const REFUSED = new Set(["['\\N{BULLET}']", '[12345678901234567890]']);

const PYTHON = String.raw`
import ast, json, sys
M = {"true": True, "false": False, "null": None}
class J(ast.NodeTransformer):
    def visit_Name(self, node):
        return ast.Constant(value=M[node.id]) if node.id in M else node
def plain(v):
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (set, frozenset, bytes, complex)) or v is ...: return {"__unsupported__": type(v).__name__}
    return v
out = []
for text in json.load(sys.stdin):
    try:
        out.append({"value": plain(ast.literal_eval(ast.fix_missing_locations(J().visit(ast.parse(text, mode="eval")))))})
    except (ValueError, SyntaxError, MemoryError, TypeError):
        out.append(None)
print(json.dumps(out))
`;

function python(cases: string[]): ({ value: unknown } | null)[] {
  return JSON.parse(execFileSync('python3', ['-c', PYTHON], { input: JSON.stringify(cases), encoding: 'utf8' })) as (
    | { value: unknown }
    | null
  )[];
}

// JSON cannot tell 1.0 from 1; neither can a JS number. Python's True key becomes 'True' in both.
function normalise(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}

describe('parsePyLiteral agrees with Python ast.literal_eval as Ansible calls it', () => {
  const expected = python(CASES);
  it.each(CASES.map((c, i) => [c, i] as const))('%j', (text, i) => {
    const want = expected[i] ?? null;
    const got = parsePyLiteral(text);
    if (REFUSED.has(text)) {
      expect(want).not.toBeNull();
      expect(got).toBeUndefined();
      return;
    }
    const unsupported = want !== null && JSON.stringify(want).includes('__unsupported__');
    if (want === null || unsupported) expect(got).toBeUndefined();
    else expect(normalise(got?.value)).toEqual(want.value);
  });
});

describe('parsePyLiteral details JSON cannot show', () => {
  it('reads tuples as lists and keeps floats and ints as numbers', () => {
    expect(parsePyLiteral('(1, 2.5)')).toEqual({ value: [1, 2.5] });
  });
  it('reads the bool words Ansible converts', () => {
    expect(parsePyLiteral('True')).toEqual({ value: true });
    expect(parsePyLiteral('False')).toEqual({ value: false });
  });
  it('refuses leading indentation, as mode="eval" does', () => {
    expect(parsePyLiteral(' [1]')).toBeUndefined();
  });
});
