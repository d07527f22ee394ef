import { describe, expect, it } from 'vitest';
import { againCommand, invokedAs } from '../../../src/cli/again-command.ts';

const cwd = '/home/admin/site';
const npx = { script: '/home/admin/site/node_modules/.bin/winbook', env: { npm_command: 'exec', PATH: '/usr/bin' }, cwd };

describe('the command a hint prints', () => {
  it('starts the way winbook was started', () => {
    expect(invokedAs(npx)).toBe('npx winbook');
    expect(invokedAs({ ...npx, script: '/home/admin/site/node_modules/winbook/bin/winbook.js' })).toBe('npx winbook');
    // A checkout's bin run by something started with npx (a test runner) inherits npm_command but is not npx.
    expect(invokedAs({ ...npx, script: '/home/admin/site/bin/winbook.js' })).toBe('node bin/winbook.js');
    expect(invokedAs({ script: '/usr/local/bin/winbook', env: { PATH: '/usr/bin:/usr/local/bin' }, cwd })).toBe('winbook');
    expect(invokedAs({ script: '/home/admin/site/bin/winbook.js', env: { PATH: '/usr/bin' }, cwd })).toBe('node bin/winbook.js');
    expect(invokedAs({ script: '/opt/winbook/bin/winbook.js', env: {}, cwd })).toBe('node /opt/winbook/bin/winbook.js');
    // `npm run` is not npx: the script path is what can be typed again.
    expect(invokedAs({ script: '/home/admin/site/bin/winbook.js', env: { npm_command: 'run-script' }, cwd })).toBe('node bin/winbook.js');
  });

  it('keeps the arguments as typed — limit, vault options, forks, check, report files — and swaps --rerun/--resume', () => {
    const typed = ['run', 'play books/site.yml', '-i', 'inv/prod.yml', '-l', 'rim:&dc1', '--vault-id', 'prod@pw.txt', '--vault-password-file', 'pw2.txt', '-f', '20', '-C', '--json', 'out.json', '--rerun', 'unreachable'];
    expect(againCommand(typed, 'resume', npx)).toBe("npx winbook run 'play books/site.yml' -i inv/prod.yml -l 'rim:&dc1' --vault-id prod@pw.txt --vault-password-file pw2.txt -f 20 -C --json out.json --resume");
    expect(againCommand([...typed.slice(0, -2), '--resume'], 'rerun', npx)).toBe("npx winbook run 'play books/site.yml' -i inv/prod.yml -l 'rim:&dc1' --vault-id prod@pw.txt --vault-password-file pw2.txt -f 20 -C --json out.json --rerun failed");
    expect(againCommand(['run', 'p.yml', '--rerun=all', '--ask-vault-pass'], 'rerun', npx)).toBe('npx winbook run p.yml --ask-vault-pass --rerun failed');
  });

  it('repeats -e @file, never an -e value: each variable named with <redacted>, unquoted so a paste cannot set it', () => {
    const typed = ['run', 'p.yml', '-e', 'qlik_service_password=S3cret! other=x', '-e', '@vars.yml', '--extra-vars={"a": "S3cret!"}', '-Ce', 'pw=S3cret!'];
    const hint = againCommand(typed, 'resume', npx);
    expect(hint).not.toContain('S3cret');
    expect(hint).toBe('npx winbook run p.yml -e qlik_service_password=<redacted> -e other=<redacted> -e @vars.yml --extra-vars=<redacted> -Ce pw=<redacted> --resume');
  });
});
