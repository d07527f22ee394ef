/**
 * ansible.windows.win_get_url (1.14): download a file over HTTP(S) from the host itself, through the façade verb
 * Invoke-WbHttpRequest with OutFile. The options and RETURN values are 1.14's; what winbook cannot do honestly
 * (file:// and ftp:// URLs, proxies other than the system's, client certificates, the account's default
 * credentials) is refused at load with a hint instead of being ignored.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

const HTTP_URL = /^https?:\/\//i;

/** Options of ansible.windows' web_request fragment that winbook refuses, with why and what to use instead. */
const REFUSED: Record<string, string> = {
  proxy_url: 'winbook sends requests through the system proxy (use_proxy: true) or none (use_proxy: false); an explicit proxy is not supported',
  proxy_username: 'explicit proxies are not supported (see proxy_url)',
  proxy_password: 'explicit proxies are not supported (see proxy_url)',
  proxy_use_default_credential: 'explicit proxies are not supported (see proxy_url)',
  client_cert: 'client certificate authentication is not supported',
  client_cert_password: 'client certificate authentication is not supported',
  use_default_credential: "the agent's own Windows credentials are not sent (the simulator cannot model Kerberos/NTLM to a web server); use url_username/url_password",
};

function refused(name: string, why: string) {
  return z.unknown().refine((v) => v === undefined, { message: `${name} is not supported by winbook: ${why}` }).optional().describe(`Not supported: refused at load (${why}).`);
}

export const winGetUrlSchema = lazySchema(() =>
  z
    .object({
      url: z.string().min(1).regex(HTTP_URL, 'winbook downloads http:// and https:// URLs only (ansible.windows also takes file:// and ftp://; copy those with win_copy remote_src)').describe('The http:// or https:// URL to download, as the host resolves and reaches it.'),
      dest: z.string().min(1).describe("Where to save the file on the host (environment variables expanded). An existing folder gets the URL's last path segment (or its host name) as the file name; the folder of a file must exist."),
      force: z.boolean().default(true).describe("true: download every time (into a temporary file) and replace `dest` only when its checksum differs. false: when `dest` exists, send a HEAD request and download only when the server's Last-Modified is newer than `dest`'s last write time."),
      checksum: z.string().optional().describe('Expected checksum of the download (hex, for `checksum_algorithm`); a mismatch fails the task and leaves `dest` as it was.'),
      checksum_algorithm: z.enum(['md5', 'sha1', 'sha256', 'sha384', 'sha512']).default('sha1').describe('Algorithm of `checksum`, `checksum_url` and the returned `checksum_src`/`checksum_dest`.'),
      checksum_url: z.string().regex(HTTP_URL, 'winbook reads checksum_url over http:// and https:// only').optional().describe("URL of a checksum file (`<hash>  <file name>` lines, as sha256sum writes them); the line for the URL's file name gives the expected checksum."),
      url_method: z.string().optional().describe('HTTP method of the download (default GET).'),
      ...aliasOptions('url_method', z.string(), 'method'),
      url_timeout: z.number().int().default(30).describe('Seconds a request may take (0: .NET\'s 100).'),
      ...aliasOptions('url_timeout', z.number().int(), 'timeout'),
      url_username: z.string().optional().describe('User for HTTP authentication (Basic: sent after the server asks, or at once with `force_basic_auth`).'),
      ...aliasOptions('url_username', z.string(), 'user', 'username'),
      url_password: z.string().optional().describe('Password for `url_username`; never shown.'),
      ...aliasOptions('url_password', z.string(), 'password'),
      force_basic_auth: z.boolean().default(false).describe('Send Basic credentials with the first request instead of waiting for a 401.'),
      headers: z.record(z.string(), z.string()).optional().describe('Extra request headers. A `User-Agent` here wins over the default `http_agent`.'),
      http_agent: z.string().default('ansible-httpget').describe('The User-Agent header.'),
      follow_redirects: z.enum(['all', 'none', 'safe']).default('safe').describe('Follow redirects: all, none, or only for GET/HEAD requests (safe).'),
      maximum_redirection: z.number().int().min(0).default(50).describe('Redirects followed at most; 0 follows none.'),
      validate_certs: z.boolean().default(true).describe('Check the HTTPS certificate; false accepts any for these requests only.'),
      use_proxy: z.boolean().default(true).describe("true: the account's system (WinINet) proxy, as .NET uses it; false: no proxy."),
      // Refused by the option's own schema, so the loader's literal check (playbook/literal-args.ts) stops it at load.
      ...Object.fromEntries(Object.entries(REFUSED).map(([k, why]) => [k, refused(k, why)])),
    })
    .strict()
    .superRefine(aliasRules('url_method', ['method']))
    .superRefine(aliasRules('url_timeout', ['timeout']))
    .superRefine(aliasRules('url_username', ['user', 'username']))
    .superRefine(aliasRules('url_password', ['password']))
    .superRefine((v, ctx) => {
      if (v.checksum !== undefined && v.checksum_url !== undefined) ctx.addIssue({ code: 'custom', path: ['checksum_url'], message: 'parameters are mutually exclusive: checksum|checksum_url' });
    }),
);

export const winGetUrl: ModuleDef<ReturnType<typeof winGetUrlSchema>> = {
  name: 'win_get_url',
  aliases: ['ansible.windows.win_get_url'],
  // Ansible.Basic's deprecated_aliases in 1.14's spec: each alias written adds its deprecation to the result.
  deprecatedOptions: Object.fromEntries(['user', 'username', 'password'].map((a) => [a, {
    msg: `Alias '${a}' is deprecated. See the module docs for more information`, date: '2022-07-01', collection_name: 'ansible.windows',
  }])),
  description: "Download a file over HTTP(S) from the host to `dest`, replacing it only when the download's checksum differs (force: true) or the server's copy is newer (force: false); `checksum`/`checksum_url` verify the download. Returns dest, url, status_code, msg, elapsed, size, checksum_src, checksum_dest. Check mode downloads to a temporary file to decide `changed` and writes nothing to `dest`.",
  get schema() {
    return winGetUrlSchema();
  },
  secretArgs: ['url_password', 'password'],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_get_url.ps1', import.meta.url));
  },
  examples: `- name: Download the installer once, checked against its published SHA-256
  win_get_url:
    url: https://downloads.example.com/agent/agent-2.4.1.msi
    dest: C:\\Temp\\
    checksum_url: https://downloads.example.com/agent/SHA256SUMS
    checksum_algorithm: sha256

- name: Fetch a config file only when the server's copy is newer
  ansible.windows.win_get_url:
    url: http://config.example.com/app/settings.json
    dest: '%ProgramData%\\App\\settings.json'
    force: false
    url_username: reader
    url_password: "{{ config_password }}"
`,
};
