/**
 * A minimal SFTP subsystem for the simulated host: enough for uploads (open for write, write, close, stat,
 * realpath) and reading a file back. The host model has no file system yet, so files live in a per-host map
 * keyed by the Windows path (`C:\dir\file`, case-insensitive as NTFS).
 */
import type { SFTPWrapper } from 'ssh2';
import ssh2 from 'ssh2';

const { utils } = ssh2; // ssh2 is CommonJS: named imports fail under Node's ESM loader

const { STATUS_CODE, OPEN_MODE } = utils.sftp;

export class SimFileStore {
  private readonly files = new Map<string, { path: string; data: Buffer }>();

  get(path: string): Buffer | undefined {
    return this.files.get(key(path))?.data;
  }

  set(path: string, data: Buffer): void {
    this.files.set(key(path), { path: windowsPath(path), data });
  }

  paths(): string[] {
    return [...this.files.values()].map((f) => f.path);
  }
}

/** `/C:/dir/file` (Windows OpenSSH's SFTP form) → `C:\dir\file`. */
export function windowsPath(sftpPath: string): string {
  return sftpPath.replace(/^\/(?=[A-Za-z]:)/, '').replace(/\//g, '\\');
}

function key(path: string): string {
  return windowsPath(path).toLowerCase();
}

interface OpenFile {
  path: string;
  chunks: Map<number, Buffer>;
  writable: boolean;
}

/** Serves one SFTP session against the store. */
export function serveSftp(sftp: SFTPWrapper, store: SimFileStore): void {
  const open = new Map<string, OpenFile>();
  let next = 0;
  sftp.on('OPEN', (id: number, filename: string, flags: number) => {
    const writable = (flags & OPEN_MODE.WRITE) !== 0;
    if (!writable && store.get(filename) === undefined) return void sftp.status(id, STATUS_CODE.NO_SUCH_FILE, 'The system cannot find the file specified.');
    const handle = Buffer.from(String(next++));
    const existing = (flags & OPEN_MODE.TRUNC) === 0 ? store.get(filename) : undefined;
    open.set(handle.toString(), { path: filename, chunks: new Map(existing ? [[0, existing]] : []), writable });
    sftp.handle(id, handle);
  });
  sftp.on('WRITE', (id: number, handle: Buffer, offset: number, data: Buffer) => {
    const f = open.get(handle.toString());
    if (!f?.writable) return void sftp.status(id, STATUS_CODE.FAILURE, 'Access is denied.');
    f.chunks.set(offset, Buffer.from(data));
    sftp.status(id, STATUS_CODE.OK);
  });
  sftp.on('READ', (id: number, handle: Buffer, offset: number, len: number) => {
    const f = open.get(handle.toString());
    const data = f ? store.get(f.path) : undefined;
    if (!data || offset >= data.length) return void sftp.status(id, STATUS_CODE.EOF);
    sftp.data(id, data.subarray(offset, offset + len));
  });
  sftp.on('FSTAT', (id: number, handle: Buffer) => {
    const f = open.get(handle.toString());
    sftp.attrs(id, attrs(f ? (store.get(f.path)?.length ?? 0) : 0));
  });
  sftp.on('STAT', (id: number, path: string) => {
    const data = store.get(path);
    if (!data) return void sftp.status(id, STATUS_CODE.NO_SUCH_FILE, 'The system cannot find the file specified.');
    sftp.attrs(id, attrs(data.length));
  });
  sftp.on('REALPATH', (id: number, path: string) => {
    sftp.name(id, [{ filename: path === '.' ? '/C:/Users' : path, longname: path, attrs: attrs(0) }]);
  });
  sftp.on('CLOSE', (id: number, handle: Buffer) => {
    const f = open.get(handle.toString());
    open.delete(handle.toString());
    if (f?.writable) store.set(f.path, assemble(f.chunks));
    sftp.status(id, STATUS_CODE.OK);
  });
}

function assemble(chunks: Map<number, Buffer>): Buffer {
  const size = Math.max(0, ...[...chunks].map(([o, b]) => o + b.length));
  const out = Buffer.alloc(size);
  for (const [o, b] of chunks) b.copy(out, o);
  return out;
}

function attrs(size: number) {
  return { mode: 0o100644, uid: 0, gid: 0, size, atime: 0, mtime: 0 };
}
