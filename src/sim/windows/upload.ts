/**
 * The upload verbs (contract/upload.ts) on the simulated host: the calling process's stdin (a StdinPipe the WinRM
 * server fills from each Send) and the volume model. The content goes from the pipe into the file model here, in
 * Node, as on Windows it goes from the pipe into the FileStream inside Stream.CopyTo: the upload script in pwsh
 * makes the same calls and decisions either way, and no content byte has to cross into PowerShell and back.
 */
import { createHash } from 'node:crypto';
import { RehearsalLog } from '../host/rehearsal-log.ts';
import { appendFile, getNode, hashOf, moveFile, removeItem, stagedPath, writeFile } from '../host/fs.ts';
import type { StdinPipe } from '../host/stdin-pipe.ts';
import { WindowsError } from '../host/windows-error.ts';
import { io, pathOf, winErr } from './files.ts';
import { type SimVerbTable, type VerbContext, reqStr } from './types.ts';

function stdinOf(ctx: VerbContext): StdinPipe {
  // An agent's stdin carries its requests; only a script started with its own stdin may read it.
  if (!ctx.stdin) throw new WindowsError(6, 'The handle is invalid.');
  return ctx.stdin;
}

/**
 * The temporary file's own changes are not logged (as the old staged chunks were not): the log records the one
 * change that matters, the finished file, when it is moved into place.
 */
function quiet(ctx: VerbContext) {
  return { account: ctx.account, log: new RehearsalLog() };
}

export const uploadVerbs: SimVerbTable = {
  'Read-WbStdinLine': async (ctx) => {
    const line = await stdinOf(ctx).readLine();
    return line === null ? null : line.toString('latin1').replace(/\r+$/, '');
  },

  'Get-WbStagedPath': (ctx, args) => {
    const key = reqStr(args, 'Key');
    if (!/^[0-9a-f]{16,64}$/.test(key)) throw winErr(123);
    return stagedPath(ctx.account, key);
  },

  'New-WbUploadFile': (ctx, args) => {
    const path = pathOf(ctx, args);
    io(() => writeFile(ctx.state, path, Buffer.alloc(0), quiet(ctx)));
  },

  'Copy-WbStdinToFile': async (ctx, args) => {
    const stdin = stdinOf(ctx);
    const path = pathOf(ctx, args);
    const actor = quiet(ctx);
    io(() => writeFile(ctx.state, path, Buffer.alloc(0), actor));
    // The model keeps content as base64, which appends without re-encoding in multiples of 3 bytes: hold back the
    // remainder of each chunk for the next. The bytes are hashed as they are appended, so reading the file back
    // need not decode it whole again; the size check makes sure nothing else wrote to it meanwhile.
    const sha = createHash('sha256');
    let written = 0;
    const append = (piece: Buffer) => {
      io(() => appendFile(ctx.state, path, piece, actor));
      sha.update(piece);
      written += piece.length;
    };
    let carry: Buffer = Buffer.alloc(0);
    for await (const chunk of stdin.rest()) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const whole = data.length - (data.length % 3);
      if (whole > 0) append(data.subarray(0, whole));
      carry = data.subarray(whole);
    }
    if (carry.length) append(carry);
    const node = getNode(ctx.state, path);
    if (!node) throw winErr(2);
    if (node.size === written && node.sha256 === undefined) node.sha256 = sha.digest('hex');
    return { Size: node.size, Sha256: hashOf(node) };
  },

  'Move-WbUploadFile': (ctx, args) => {
    const from = pathOf(ctx, args);
    const to = pathOf(ctx, args, 'Destination');
    const node = io(() => moveFile(ctx.state, from, to, { account: ctx.account, log: ctx.log }));
    ctx.log.append({ host: ctx.state.hostname, account: ctx.account, what: 'file.upload', target: node.path, detail: { size: node.size, sha256: hashOf(node) } });
  },

  'Remove-WbUploadFile': (ctx, args) => {
    const path = pathOf(ctx, args);
    if (getNode(ctx.state, path)) io(() => removeItem(ctx.state, path, quiet(ctx)));
  },
};
