/**
 * What the WinRM upload script (src/transport/winrm/upload.ps1) needs from Windows: its own process's stdin, read as
 * bytes ([Console]::OpenStandardInput(), a pipe WinRS fills from each Send), and a file created, filled from that
 * stdin, replaced into place or removed with [IO.File]. The upload command line carries the Windows side of these
 * verbs and nothing else of the façade (cmd.exe's 8,191 characters), so they depend on no other verb.
 */
import type { VerbTable } from './types.ts';

const PATH = { type: 'string', required: true, doc: 'full Windows path of the file' } as const;

export const uploadVerbs: VerbTable = {
  'Read-WbStdinLine': {
    domain: 'upload',
    doc: "The next line of the process's stdin, read byte by byte up to LF so no reader buffers the bytes after it (ASCII, a trailing CR dropped); $null when stdin closed before any byte.",
    params: {},
    returns: 'string',
  },
  'Get-WbStagedPath': {
    domain: 'upload',
    doc: "Where the agent's staged upload KEY lives: %TEMP%\\winbook-upload-KEY.part of the connected account (docs/agent.md, \"Uploads\").",
    params: { Key: { type: 'string', required: true, doc: 'upload key: 16-64 lower-case hex digits' } },
    returns: 'string',
    errors: { 123: 'malformed key' },
  },
  'New-WbUploadFile': {
    domain: 'upload',
    doc: 'Create the file empty, or truncate it ([IO.File]::Open FileMode.Create), and close it: fails before any content is read.',
    params: { Path: PATH },
    returns: 'none',
    errors: { 3: 'the folder does not exist', 5: 'the account may not write there, or a folder is in the way', 123: 'the path is malformed' },
  },
  'Copy-WbStdinToFile': {
    domain: 'upload',
    doc: "Copy the rest of the process's stdin into the file (FileMode.Create, Stream.CopyTo) until stdin closes, then read the file back: its size and SHA-256.",
    params: { Path: PATH },
    returns: 'object',
    shape: { Size: 'bytes the file holds', Sha256: 'SHA-256 of what the file holds, lower-case hex' },
    errors: { 3: 'the folder does not exist', 5: 'the account may not write there', 112: 'the disk is full' },
  },
  'Move-WbUploadFile': {
    domain: 'upload',
    doc: 'Put the file at Destination: [IO.File]::Replace when Destination exists (it keeps its ACL and attributes), else [IO.File]::Move.',
    params: { Path: PATH, Destination: PATH },
    returns: 'none',
    errors: { 2: 'Path does not exist', 3: 'the destination folder does not exist', 5: 'the account may not write Destination, or a folder is in the way' },
  },
  'Remove-WbUploadFile': {
    domain: 'upload',
    doc: 'Delete the file ([IO.File]::Delete; nothing happens when it does not exist).',
    params: { Path: PATH },
    returns: 'none',
    errors: { 5: 'the account may not delete it' },
  },
};
