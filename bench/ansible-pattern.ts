/**
 * The request pattern of Ansible's winrm connection plugin, per task: a new shell, a command starting
 * powershell, the module payload streamed on stdin (~150 KB: exec wrapper + module + args), Receive until the
 * process ends, Signal terminate, Delete the shell — over one kept-alive, authenticated connection per host, as
 * Ansible keeps its requests session. Emulated with our own WinRM codecs against the same simulator, so the
 * comparison runs on one machine in one run.
 */
import { agentCommandLine, encodeRequest } from '../src/agent/protocol.ts';
import { BOOTSTRAP } from '../src/agent/bootstrap.ts';
import { findModule } from '../src/modules/registry.ts';
import { WinrmHttpChannel } from '../src/transport/winrm/http/connection.ts';
import { WinrsShell } from '../src/transport/winrm/shell.ts';
import { eachLimit } from './pool.ts';

const PAYLOAD_BYTES = 150_000;

function payload(): Buffer {
  const script = Buffer.from(findModule('win_ping')?.script ?? '', 'utf8').toString('base64');
  const line = encodeRequest({ id: '1', module: 'win_ping', script, args: {}, check: false, diff: false }).trimEnd();
  // Trailing spaces keep it one JSON line of Ansible's typical size.
  return Buffer.from(line + ' '.repeat(Math.max(0, PAYLOAD_BYTES - line.length)) + '\n', 'utf8');
}

export async function ansiblePattern(addresses: string[], user: string, password: string, tasks: number, forks: number): Promise<number> {
  const body = payload();
  let failures = 0;
  await eachLimit(addresses, forks, async (address) => {
    const channel = new WinrmHttpChannel({ host: address, address, port: 5985, scheme: 'http', username: user, password, encryption: true, readTimeoutMs: 30_000 });
    try {
      for (let t = 0; t < tasks; t++) {
        const shell = new WinrsShell(channel, { host: address, to: `http://${address}:5985/wsman`, operationTimeoutSec: 20 });
        await shell.create({ codepage: 65001 });
        const id = await shell.command(agentCommandLine(BOOTSTRAP));
        await shell.send(id, body, true);
        for (;;) {
          const out = await shell.receive(id);
          if (out.done) break;
        }
        await shell.signal(id, 'terminate');
        await shell.delete();
      }
    } catch {
      failures++;
    } finally {
      await channel.close();
    }
  });
  return failures;
}
