/**
 * The agent's wire protocol, shared by the controller (agent/session.ts), the PowerShell bootstrap
 * (agent/bootstrap.ps1) and the simulator's emulation of it.
 *
 * - Start: `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <base64 UTF-16LE>`.
 *   The bootstrap prints READY_LINE once it reads stdin.
 * - Request: one line of JSON on stdin (AgentRequest). `script` (the module's source, packed: packText) is sent only
 *   the first time a module is used in a session; the agent keeps it as a scriptblock. The first request also
 *   carries the host façade in `lib`, packed the same way.
 * - Result: on stdout, `<<WINBOOK-BEGIN id>>` line, one line of JSON (the module result), `<<WINBOOK-END id>>` line.
 *   Anything outside the markers (stray Write-Host output) is ignored, never parsed as a result.
 */

import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';
import { blankCommentLines } from './strip-comments.ts';
import { stringifyFloats } from '../template/py-float-json.ts';

/** node:zlib, loaded at the first packing: a run that starts no agent (`raw` only) never needs it (about 1 ms of CPU). */
let zlibModule: typeof Zlib | undefined;
const zlib = (): typeof Zlib => (zlibModule ??= createRequire(import.meta.url)('node:zlib') as typeof Zlib);

export const READY_LINE = '<<WINBOOK-AGENT-READY 1>>';

/**
 * How `script` and `lib` travel: base64 of the gzip of the UTF-8 text. The façade is 112 KB of PowerShell, 149 KB as
 * base64, sent to every host; gzipped it is 34 KB (4.4× less to build, seal, queue and send per host). The agent
 * reverses it with System.IO.Compression.GZipStream (.NET 2.0, so on every PowerShell 5.1), whose CRC-32 check
 * also refuses a damaged copy. Node writes a gzip header without a timestamp, so the same text packs to the same
 * bytes (the simulator recognises the shipped façade by them).
 */
export function packText(text: string): string {
  return zlib().gzipSync(Buffer.from(text, 'utf8')).toString('base64');
}

/**
 * A PowerShell script (the façade, a module) as `lib` and `script` carry it: its comment-only lines blanked
 * (agent/strip-comments.ts: they are a fifth of the façade and a third of win_service, and line numbers stay), then
 * packed. The first request of a win_ping run goes from 46.7 KB to 37.2 KB of JSON.
 */
export function packScript(source: string): string {
  return packText(blankCommentLines(source));
}

export function unpackText(packed: string): string {
  return zlib().gunzipSync(Buffer.from(packed, 'base64')).toString('utf8');
}

export interface AgentRequest {
  id: string;
  module: string;
  /** The module's PowerShell source, packed (packText); first use of the module in this session only. */
  script?: string;
  /** The host façade (src/hostapi/facade.ts), packed (packText); the session's first request only. */
  lib?: string;
  args: unknown;
  check: boolean;
  diff: boolean;
  /** `environment:` of the task: process environment variables set for this module's run only, then restored. */
  environment?: Record<string, string>;
}

export function beginMarker(id: string): string {
  return `<<WINBOOK-BEGIN ${id}>>`;
}

export function endMarker(id: string): string {
  return `<<WINBOOK-END ${id}>>`;
}

export function encodeRequest(req: AgentRequest): string {
  // Arguments go as Ansible sends them: dicts in their Python order, whole floats as `1.0`.
  return stringifyFloats(req) + '\n';
}

export function decodeRequest(line: string): AgentRequest {
  const v = JSON.parse(line) as Partial<AgentRequest>;
  if (typeof v.id !== 'string' || typeof v.module !== 'string') throw new Error('agent request without id or module');
  const req: AgentRequest = { id: v.id, module: v.module, script: v.script, args: v.args ?? {}, check: Boolean(v.check), diff: Boolean(v.diff) };
  if (v.environment && typeof v.environment === 'object') req.environment = v.environment;
  if (typeof v.lib === 'string') req.lib = v.lib;
  return req;
}

/** The framed result as the agent writes it (CRLF, as PowerShell's Console writes lines on Windows). */
export function encodeResult(id: string, resultJson: string): string {
  return `${beginMarker(id)}\r\n${resultJson}\r\n${endMarker(id)}\r\n`;
}

export interface Frame {
  id: string;
  json: string;
}

/** Incremental reader of agent stdout: feed text as it arrives, get complete frames out. */
export class FrameReader {
  private buf = '';
  private ready = false;

  get isReady(): boolean {
    return this.ready;
  }

  push(text: string): Frame[] {
    this.buf += text;
    if (!this.ready) {
      const i = this.buf.indexOf(READY_LINE);
      if (i < 0) return [];
      this.ready = true;
      this.buf = this.buf.slice(i + READY_LINE.length);
    }
    const frames: Frame[] = [];
    for (;;) {
      const m = /<<WINBOOK-BEGIN ([^>\r\n]+)>>\r?\n/.exec(this.buf);
      if (!m) break;
      const id = m[1] as string;
      const end = endMarker(id);
      const start = m.index + m[0].length;
      const j = this.buf.indexOf(end, start);
      if (j < 0) break;
      frames.push({ id, json: this.buf.slice(start, j).trim() });
      this.buf = this.buf.slice(j + end.length);
    }
    // Keep only what could still be the start of a frame, so stray output cannot grow the buffer forever.
    const k = this.buf.lastIndexOf('<<WINBOOK-BEGIN');
    this.buf = k >= 0 ? this.buf.slice(k) : this.buf.slice(-64);
    return frames;
  }
}

/** `-EncodedCommand` takes base64 of the script's UTF-16LE bytes. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function decodePowerShell(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf16le');
}

export function agentCommandLine(bootstrap: string): string {
  return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encodePowerShell(bootstrap)}`;
}

/**
 * Uploads (docs/agent.md, "Uploads"): `PUT <key> <base64>` lines append bytes to `%TEMP%\winbook-upload-<key>.part`
 * on the host and get no reply, so they cost only the Sends that carry them. A module that needs the bytes is
 * called with `_staged: <key>`; it answers `{ _winbook_upload: 'needed' }` when the staged file is not there (so
 * unchanged content is never sent), and checks the SHA-256 itself once it is.
 */
export const UPLOAD_NEEDED_KEY = '_winbook_upload';

/** Raw bytes per PUT line: a multiple of 3 (base64 needs no padding mid-file) and one line fits one default-size Send. */
export const UPLOAD_LINE_BYTES = 81 * 1024;

export function encodePut(key: string, data: Buffer): string {
  return `PUT ${key} ${data.toString('base64')}\n`;
}

/** The key and bytes of a PUT line, or undefined when the line is not one. */
export function decodePut(line: string): { key: string; data: Buffer } | undefined {
  const m = /^PUT ([0-9a-f]{16,64}) ([A-Za-z0-9+/=]*)$/.exec(line);
  return m ? { key: m[1] as string, data: Buffer.from(m[2] as string, 'base64') } : undefined;
}
