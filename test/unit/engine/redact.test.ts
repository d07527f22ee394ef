import { describe, expect, it } from 'vitest';
import { NO_LOG_MESSAGE, REDACTED, Redactor } from '../../../src/engine/redact.ts';
import { Lab, inventory, play, playbook, task } from './fakes.ts';

describe('redaction', () => {
  it('replaces every known secret in nested strings and keys, longest first', () => {
    const r = new Redactor(['pw12', 'pw12-long']);
    expect(r.value({ a: 'x pw12-long y pw12', list: ['pw12'], pw12: 1 })).toEqual({ a: `x ${REDACTED} y ${REDACTED}`, list: [REDACTED], [REDACTED]: 1 });
  });

  it('hides a secret shorter than 4 characters only where it is a whole string, and says so once per source', () => {
    const said: string[] = [];
    const r = new Redactor(['p', 'éé', 'S3cret'], (source) => said.push(source));
    r.add('x1', 'ansible_password');
    r.add('x2', 'ansible_password');
    r.add('abc', "win_uri's 'password'");
    expect(said).toEqual(['a vault-encrypted value', 'ansible_password', "win_uri's 'password'"]);
    const shown = r.value({ deprecations: ['p', 'a p b'], p: 'éé', list: ['x1', 'x12', 'abc', 'abcd'], t: 'S3cret-p' });
    expect(shown).toEqual({ deprecations: [REDACTED, 'a p b'], [REDACTED]: REDACTED, list: [REDACTED, 'x12', REDACTED, 'abcd'], t: `${REDACTED}-p` });
    expect(r.text('p')).toBe(REDACTED);
    expect(r.text('password')).toBe('password');
    // Filters follow only secrets long enough to hide (src/template/secret-taint.ts).
    expect([r.holds('p'), r.holds('xS3cretx')]).toEqual([false, true]);
  });

  it('hides inventory passwords, -e secrets and secret module args from every emitted result', async () => {
    const lab = new Lab();
    lab.rawImpl = (cmd) => ({ rc: 1, stdout: `echo ${cmd}`, stderr: '' });
    const pb = playbook(
      play([
        task('leak', 'raw', { _raw_params: 'net user admin {{ ansible_password }} {{ vault_pw }}' }, { ignoreErrors: true }),
        task('secret arg', 'win_thing', { password: 'Arg-Secret-1', echo: 'got Arg-Secret-1' }),
        task('loop', 'win_thing', { echo: '{{ item }}' }, { loop: ['{{ ansible_password }}'] }),
      ]),
    );
    await lab.run(pb, inventory({ h1: { ansible_password: 'S3cret!pw' } }), { secrets: ['VaultValue9'], extraVars: { vault_pw: 'VaultValue9' } });
    const text = JSON.stringify(lab.events);
    expect(text).not.toContain('S3cret!pw');
    expect(text).not.toContain('VaultValue9');
    expect(text).not.toContain('Arg-Secret-1');
    expect(lab.results()[0]?.result.stdout).toBe(`echo net user admin ${REDACTED} ${REDACTED}`);
  });

  it('no_log replaces the whole result, keeping changed; loop labels become None', async () => {
    const lab = new Lab();
    const pb = playbook(play([task('quiet', 'win_thing', { echo: 'x', changed: true }, { noLog: true }), task('quiet loop', 'win_thing', { echo: '{{ item }}' }, { noLog: true, loop: ['s'] })]));
    await lab.run(pb, inventory({ h1: {} }));
    expect(lab.results()[0]?.result).toEqual({ censored: NO_LOG_MESSAGE, changed: true });
    expect(lab.results()[1]).toMatchObject({ item: 'None', result: { censored: NO_LOG_MESSAGE } });
  });
});
