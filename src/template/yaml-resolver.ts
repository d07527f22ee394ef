/**
 * PyYAML's implicit resolvers (yaml/resolver.py, YAML 1.1): the tag a plain scalar would be read back as. The
 * dumper asks it whether a str may be written plain (`abc`) or must be quoted because plain it would read as a
 * bool, int, float, null, timestamp, merge key or value key (`'yes'`, `'1.0'`, `'~'`, `''`, `'2024-01-01'`).
 *
 * PyYAML picks the resolvers by the first character and tries them in registration order (bool, float, int,
 * merge, null, timestamp, value); its regexes use re.match and Python's `$`, which also matches before a final
 * newline, hence the `\n?` before each `$` here.
 */

export type ImplicitTag = 'bool' | 'float' | 'int' | 'merge' | 'null' | 'timestamp' | 'value';

/** PyYAML's timestamp resolver: a date (`2024-01-01`) or a date and time, which yaml.load makes a datetime. */
export const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/;

const RESOLVERS: { tag: ImplicitTag; re: RegExp; first: string }[] = [
  { tag: 'bool', re: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/, first: 'yYnNtTfFoO' },
  {
    tag: 'float',
    re: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
    first: '-+0123456789.',
  },
  { tag: 'int', re: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?$/, first: '-+0123456789' },
  { tag: 'merge', re: /^(?:<<)\n?$/, first: '<' },
  // The empty alternative is registered under '' (the empty string), which is how `''` resolves to null.
  { tag: 'null', re: /^(?:~|null|Null|NULL|)\n?$/, first: '~nN' },
  // re.X drops the pattern's layout spaces but keeps those inside [ \t].
  { tag: 'timestamp', re: TIMESTAMP, first: '0123456789' },
  { tag: 'value', re: /^(?:=)\n?$/, first: '=' },
];

/** The implicit tag PyYAML's Resolver gives `value` as a plain scalar, or undefined for a str. */
export function implicitTag(value: string): ImplicitTag | undefined {
  if (value === '') return 'null';
  const first = value[0] as string;
  for (const r of RESOLVERS) if (r.first.includes(first) && r.re.test(value)) return r.tag;
  return undefined;
}
