/** Reads a password from the terminal without echoing it; refuses when stdin is not a terminal. */
import { InputError } from '../errors.ts';

export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(new InputError('VAULT_PASSWORD_NO_TTY', '--ask-vault-pass needs a terminal to prompt on, and stdin is not one', {
      hint: 'in scripts and CI use --vault-password-file FILE (or --vault-id label@FILE) instead',
    }));
  }
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (err?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new InputError('VAULT_PASSWORD_ABORTED', 'vault password prompt interrupted'));
        if (ch === '\u007f' || ch === '\b') buf = [...buf].slice(0, -1).join('');
        else buf += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
