/**
 * The WinRM upload script (src/transport/winrm/upload.ps1) as the simulated host runs it, recognised by its first
 * line as the agent is by its bootstrap marker. Like the real script it opens (creates or truncates) the file as
 * soon as the path line arrives — so a missing folder or a denied path fails before any content, with .NET's
 * words — says READY, appends each base64 line, and when stdin closes prints the SHA-256 of what the file holds.
 * One rehearsal-log entry, `file.upload`, records the finished file.
 */
import { type ProcessContext, BufferedProcess } from '../process.ts';
import type { AgentHost } from './agent.ts';
import type { CmdResult } from './cmd-output.ts';
import { FsError, appendFile, getNode, hashOf, resolvePath, writeFile } from './fs.ts';
import { RehearsalLog } from './rehearsal-log.ts';

export const UPLOAD_MARKER = /^# winbook-upload v1[ \t]*\r?\n/;
const READY = '<<WINBOOK-UPLOAD-READY 1>>';
const NO_PATH = 'winbook-upload: no destination path on stdin';
const BAD_BASE64 =
  'The input is not a valid Base-64 string as it is not a Base-64 string, contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters. ';

/** What the script does with empty stdin (inside a cmd chain): ReadLine returns $null at once. */
export function uploadToEnd(): CmdResult {
  return { stdout: '', stderr: NO_PATH + '\r\n', rc: 2 };
}

export class UploadProcess extends BufferedProcess {
  private pending = Buffer.alloc(0);
  private path: string | undefined;

  constructor(
    ctx: ProcessContext,
    private readonly host: AgentHost,
  ) {
    super(ctx);
  }

  write(data: Buffer, end: boolean): void {
    this.pending = Buffer.concat([this.pending, data]);
    for (let nl = this.pending.indexOf(0x0a); nl >= 0 && !this.isExited; nl = this.pending.indexOf(0x0a)) {
      const line = this.pending.subarray(0, nl).toString('ascii').replace(/\r$/, '');
      this.pending = this.pending.subarray(nl + 1);
      this.line(line);
    }
    if (!end || this.isExited) return;
    // ReadLine returns a last unterminated line, then $null.
    if (this.pending.length > 0) this.line(this.pending.toString('ascii').replace(/\r$/, ''));
    this.pending = Buffer.alloc(0);
    if (!this.isExited) this.finish();
  }

  private line(line: string): void {
    try {
      if (this.path === undefined) this.open(line);
      else if (line !== '') this.append(line);
    } catch (e) {
      this.fail(e instanceof FsError ? e.message : String(e));
    }
  }

  private open(line: string): void {
    const path = resolvePath(Buffer.from(decodeBase64(line)).toString('utf8'), this.host.account);
    // FileMode.Create creates or truncates with the checks writeFile makes; its own `file.write` entry is not kept,
    // the finished upload is logged once as file.upload.
    writeFile(this.host.state, path, Buffer.alloc(0), { account: this.host.account, log: new RehearsalLog() });
    this.path = path;
    this.out(READY + '\r\n');
  }

  private append(line: string): void {
    appendFile(this.host.state, this.path as string, decodeBase64(line), { account: this.host.account, log: this.host.log });
  }

  private finish(): void {
    if (this.path === undefined) {
      this.err(NO_PATH + '\r\n');
      this.exit(2);
      return;
    }
    const { state, log, account } = this.host;
    const node = getNode(state, this.path);
    if (!node) return this.fail(`Could not find file '${this.path}'.`);
    const sha256 = hashOf(node);
    log.append({ host: state.hostname, account, what: 'file.upload', target: node.path, detail: { size: node.size, sha256 } });
    this.out(`SHA256 ${sha256}\r\n`);
    this.exit(0);
  }

  private fail(message: string): void {
    this.err(message + '\r\n');
    this.exit(1);
  }
}

/** [Convert]::FromBase64String: strict, or the FormatException's message. */
function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new FsError(BAD_BASE64, 'InvalidArgument');
  return Buffer.from(text, 'base64');
}
