/**
 * The WinRM upload script (src/transport/winrm/upload.ps1) as the simulated host runs it, recognised by its first
 * line as the agent is by its bootstrap marker. Like the real script it reads the destination line — base64 of a
 * path, or `STAGE KEY` for the agent's %TEMP%\winbook-upload-KEY.part — opens (creates or truncates) the file at
 * once, so a missing folder or a denied path fails before any content, with .NET's words, says READY, appends every
 * later stdin byte as it arrives, and when stdin closes prints the SHA-256 of what the file holds. One
 * rehearsal-log entry, `file.upload`, records the finished file.
 */
import { type ProcessContext, BufferedProcess } from '../process.ts';
import type { AgentHost } from './agent.ts';
import type { CmdResult } from './cmd-output.ts';
import { FsError, appendFile, getNode, hashOf, resolvePath, stagedPath, writeFile } from './fs.ts';
import { RehearsalLog } from './rehearsal-log.ts';

export const UPLOAD_MARKER = /^# winbook-upload v2[ \t]*\r?\n/;
const READY = '<<WINBOOK-UPLOAD-READY 2>>';
const NO_PATH = 'winbook-upload: no destination path on stdin';
/** Win32Exception 123 (ERROR_INVALID_NAME), thrown by the script for a malformed STAGE key. */
const BAD_NAME = 'The filename, directory name, or volume label syntax is incorrect.';
const BAD_BASE64 =
  'The input is not a valid Base-64 string as it is not a Base-64 string, contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters. ';

/** What the script does with empty stdin (inside a cmd chain): ReadLine returns $null at once. */
export function uploadToEnd(): CmdResult {
  return { stdout: '', stderr: NO_PATH + '\r\n', rc: 2 };
}

export class UploadProcess extends BufferedProcess {
  /** Bytes of the first line until its LF arrives. */
  private head = Buffer.alloc(0);
  private path: string | undefined;

  constructor(
    ctx: ProcessContext,
    private readonly host: AgentHost,
  ) {
    super(ctx);
  }

  write(data: Buffer, end: boolean): void {
    if (this.isExited) return;
    let content = data;
    if (this.path === undefined) {
      const nl = data.indexOf(0x0a);
      if (nl < 0 && !end) {
        this.head = Buffer.concat([this.head, data]);
        return;
      }
      // ReadByte until LF or the end of stdin: the rest of this Send is content.
      const first = Buffer.concat([this.head, nl < 0 ? data : data.subarray(0, nl)]);
      content = nl < 0 ? Buffer.alloc(0) : data.subarray(nl + 1);
      this.head = Buffer.alloc(0);
      if (!this.open(first.toString('latin1').replace(/\r+$/, ''))) return;
    }
    if (content.length > 0) {
      try {
        appendFile(this.host.state, this.path as string, content, { account: this.host.account, log: this.host.log });
      } catch (e) {
        return this.fail(e instanceof FsError ? e.message : String(e));
      }
    }
    if (end) this.finish();
  }

  /** Opens the destination as the script does; false (and the process has exited) when it cannot. */
  private open(first: string): boolean {
    if (first === '') {
      this.err(NO_PATH + '\r\n');
      this.exit(2);
      return false;
    }
    try {
      let target: string;
      if (first.startsWith('STAGE ')) {
        const key = first.slice(6);
        if (!/^[0-9a-f]{16,64}$/.test(key)) throw new FsError(BAD_NAME, 'InvalidArgument');
        target = stagedPath(this.host.account, key);
      } else {
        target = Buffer.from(decodeBase64(first)).toString('utf8');
      }
      const path = resolvePath(target, this.host.account);
      // FileMode.Create creates or truncates with the checks writeFile makes; its own `file.write` entry is not
      // kept, the finished upload is logged once as file.upload.
      writeFile(this.host.state, path, Buffer.alloc(0), { account: this.host.account, log: new RehearsalLog() });
      this.path = path;
    } catch (e) {
      this.fail(e instanceof FsError ? e.message : String(e));
      return false;
    }
    this.out(READY + '\r\n');
    return true;
  }

  private finish(): void {
    const { state, log, account } = this.host;
    const node = getNode(state, this.path as string);
    if (!node) return this.fail(`Could not find file '${this.path as string}'.`);
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
