/**
 * Files and folders on NTFS: what [IO.File], [IO.Directory], Get-Item -LiteralPath and Get-FileHash do on a real
 * host. Every path goes through Resolve-WbPath semantics first (environment variables expanded with
 * [Environment]::ExpandEnvironmentVariables, `/` as `\`, `.`/`..` resolved, no wildcards: paths are literal).
 */
import type { VerbTable } from './types.ts';

const PATH = { type: 'string', required: true, doc: 'Windows path (C:\\x, \\\\server\\share\\x; %VAR% expanded; literal, no wildcards)' } as const;

/** One file or folder, as Get-WbItem and Get-WbChildItem return it (plain strings and numbers only). */
export const ITEM_SHAPE: Record<string, string> = {
  Path: 'full path (FileSystemInfo.FullName)',
  Name: 'last path segment (FileSystemInfo.Name); the drive root is its own name (C:\\)',
  Type: "'file' or 'directory'",
  Size: 'bytes for a file (FileInfo.Length), 0 for a folder',
  Extension: "the file's extension with its dot ('.txt'), '' for folders and names without one",
  Attributes: "FileAttributes names, e.g. ['Archive'] or ['Hidden', 'System', 'Directory']",
  IsReadOnly: 'FileAttributes.ReadOnly set',
  IsHidden: 'FileAttributes.Hidden set',
  IsArchive: 'FileAttributes.Archive set',
  IsReparsePoint: 'FileAttributes.ReparsePoint set (symbolic link or junction)',
  CreationTime: 'seconds since 1970-01-01 UTC (double)',
  LastWriteTime: 'seconds since 1970-01-01 UTC (double)',
  LastAccessTime: 'seconds since 1970-01-01 UTC (double)',
};

export const filesVerbs: VerbTable = {
  'Resolve-WbPath': {
    domain: 'files',
    doc: 'The full Windows path a path text names: [Environment]::ExpandEnvironmentVariables, then [IO.Path]::GetFullPath (relative paths against the agent\'s working folder). Does not touch the disk.',
    params: { Path: PATH },
    returns: 'string',
    errors: { 123: 'the path is empty, has a character NTFS refuses (<>"|?* or a stray :), or is not drive-rooted or UNC after expansion' },
  },
  'Get-WbItem': {
    domain: 'files',
    doc: 'One file or folder (Get-Item -LiteralPath -Force, hidden and system items included); $null when it does not exist.',
    params: { Path: PATH },
    returns: 'object-or-null',
    shape: ITEM_SHAPE,
    errors: { 5: 'a folder on the way may not be listed by the agent\'s account', 123: 'bad path syntax' },
  },
  'Get-WbChildItem': {
    domain: 'files',
    doc: 'The items in a folder (Get-ChildItem -LiteralPath -Force), optionally the whole tree below it; folders and files, sorted by path.',
    params: { Path: PATH, Recurse: { type: 'switch', doc: 'the whole tree below the folder, not only its direct children' } },
    returns: 'list',
    shape: ITEM_SHAPE,
    errors: { 3: 'the folder does not exist (or is a file)', 5: 'the folder may not be listed' },
  },
  'Get-WbFileHash': {
    domain: 'files',
    doc: 'A file\'s hash (Get-FileHash -LiteralPath -Algorithm), lower-case hex.',
    params: { Path: PATH, Algorithm: { type: 'string', required: true, doc: 'md5, sha1, sha256, sha384 or sha512 (any case)' } },
    returns: 'string',
    errors: { 2: 'the file does not exist', 5: 'a folder, or the file may not be read', 87: 'unknown algorithm' },
  },
  'Read-WbFile': {
    domain: 'files',
    doc: 'A file\'s bytes as base64 ([IO.File]::ReadAllBytes), refused above MaxBytes so a large file never crosses the agent pipe by accident.',
    params: { Path: PATH, MaxBytes: { type: 'long', doc: 'largest size read (default 1 MiB)' } },
    returns: 'string',
    errors: { 2: 'the file does not exist', 5: 'a folder, or the file may not be read', 223: 'the file is larger than MaxBytes' },
  },
  'Write-WbFile': {
    domain: 'files',
    doc: 'Create or replace a file with these bytes ([IO.File]::WriteAllBytes); the parent folder must exist. Returns $false (and writes nothing) when the file already holds exactly these bytes.',
    params: { Path: PATH, Data: { type: 'base64', required: true, doc: 'the content' } },
    returns: 'bool',
    errors: { 3: 'the parent folder does not exist', 5: 'a folder is in the way, or the account may not write', 32: 'the file is in use', 112: 'the disk is full' },
  },
  'New-WbDirectory': {
    domain: 'files',
    doc: 'Create a folder and any missing parents ([IO.Directory]::CreateDirectory). $false when it already exists.',
    params: { Path: PATH },
    returns: 'bool',
    errors: { 5: 'the account may not create folders there', 183: 'a file with that name is in the way' },
  },
  'Remove-WbItem': {
    domain: 'files',
    doc: 'Delete a file, or a folder with everything below it (Remove-Item -LiteralPath -Recurse -Force: read-only and hidden items too). $false when nothing was there.',
    params: { Path: PATH },
    returns: 'bool',
    errors: { 5: 'the account may not delete the item or something below it', 32: 'a file is in use by another process' },
  },
  'Copy-WbFile': {
    domain: 'files',
    doc: 'Copy a file ([IO.File]::Copy(src, dest, overwrite)); the copy takes the destination folder\'s inherited ACL.',
    params: {
      Source: PATH,
      Destination: { type: 'string', required: true, doc: 'Windows path of the copy' },
      Overwrite: { type: 'switch', doc: 'replace an existing destination file' },
    },
    returns: 'none',
    errors: { 2: 'the source does not exist', 3: 'the destination folder does not exist', 5: 'access denied (or a folder is in the way)', 80: 'the destination exists and Overwrite was not given' },
  },
  'Set-WbFileTime': {
    domain: 'files',
    doc: 'Set a file or folder\'s last write time ([IO.File]::SetLastWriteTimeUtc / [IO.Directory]::SetLastWriteTimeUtc).',
    params: { Path: PATH, LastWriteTime: { type: 'long', doc: 'seconds since 1970-01-01 UTC; absent means now' } },
    returns: 'none',
    errors: { 2: 'the item does not exist', 5: 'the account may not write attributes' },
  },
  'Get-WbShareName': {
    domain: 'files',
    doc: 'The name of the SMB share whose path is exactly this folder (Win32_Share, the first by name; the administrative shares C$ and ADMIN$ count), or $null when none is.',
    params: { Path: PATH },
    returns: 'string',
  },
  'Get-WbStagedFile': {
    domain: 'files',
    doc: 'The upload staged under this key by Add-WbStagedChunk (%TEMP%\\winbook-upload-KEY.part of the agent\'s account), or $null when none.',
    params: { Key: { type: 'string', required: true, doc: 'upload key: 16-64 lower-case hex digits' } },
    returns: 'object-or-null',
    shape: { Path: 'full path of the .part file', Size: 'bytes staged so far', Sha256: 'SHA-256 of the staged bytes, lower-case hex' },
    errors: { 123: 'malformed key' },
  },
  'Move-WbStagedFile': {
    domain: 'files',
    doc: 'Check a staged upload against its SHA-256 and put it at Destination (a copy, so the file takes the destination folder\'s inherited ACL, then the .part file is deleted). A staged file that fails the check is deleted. Returns $false when the destination already held these bytes.',
    params: {
      Key: { type: 'string', required: true, doc: 'upload key: 16-64 lower-case hex digits' },
      Destination: PATH,
      Sha256: { type: 'string', required: true, doc: 'expected SHA-256, hex' },
    },
    returns: 'bool',
    errors: { 2: 'nothing is staged under the key', 3: 'the destination folder does not exist', 5: 'a folder is in the way, or the account may not write', 13: 'the staged bytes fail the SHA-256 check (ERROR_INVALID_DATA); the staged file is gone' },
  },
};
