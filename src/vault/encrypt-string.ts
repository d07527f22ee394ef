/** The YAML `ansible-vault encrypt_string` prints: `name: !vault |` and the envelope indented 10 spaces. */
export function encryptString(envelope: string, name?: string): string {
  const body = envelope.trimEnd().split('\n').map((l) => ' '.repeat(10) + l).join('\n');
  return `${name === undefined ? '' : `${name}: `}!vault |\n${body}\n`;
}
