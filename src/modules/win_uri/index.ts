/** ansible.windows.win_uri: an HTTP(S) request made from the host itself (health probes of local endpoints). */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions } from '../option-alias.ts';

export const winUriSchema = lazySchema(() =>
  z
    .object({
      url: z.string().min(1).describe('The URL, as the host resolves and reaches it (`http://localhost:4242/...` is the host itself).'),
      method: z.string().default('GET').describe('HTTP method in upper case (GET, POST, PUT, DELETE, HEAD, …). Ansible\'s `url_method`.'),
      // 1.14's option is url_method with the alias method; here method is the option, so the two names take the same value.
      ...aliasOptions('method', z.string(), 'url_method'),
      body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional().describe('Request body; a dict or list is sent as compact JSON.'),
      content_type: z.string().optional().describe('The Content-Type header of the request.'),
      headers: z.record(z.string(), z.string()).optional().describe('Extra request headers. A `User-Agent` here wins over the default `http_agent`.'),
      http_agent: z.string().default('ansible-httpget').describe('The User-Agent header.'),
      // Ansible.Basic's `type: list, elements: int`: `status_code: 201` and `"200, 201"` become lists of ints (arg-coerce.ts).
      status_code: z.array(z.number().int()).default([200]).describe('Status codes that count as success; any other fails the task.'),
      return_content: z.boolean().default(false).describe('Return the body as `content` (and as `json` when the response is JSON).'),
      validate_certs: z.boolean().default(true).describe('Check the HTTPS certificate; false accepts any (lab hosts with self-signed certificates).'),
      url_username: z.string().optional().describe('User for HTTP authentication (Basic with `force_basic_auth`, else negotiated).'),
      ...aliasOptions('url_username', z.string(), 'user', 'username'),
      url_password: z.string().optional().describe('Password for `url_username`; never shown.'),
      ...aliasOptions('url_password', z.string(), 'password'),
      force_basic_auth: z.boolean().default(false).describe('Send Basic credentials with the first request instead of waiting for a 401.'),
      follow_redirects: z.enum(['all', 'none', 'safe']).default('safe').describe('Follow redirects: all, none, or only for GET/HEAD (safe).'),
      url_timeout: z.number().int().min(0).default(30).describe('Seconds to wait for the response.'),
      ...aliasOptions('url_timeout', z.number().int().min(0), 'timeout'),
      creates: z.string().optional().describe('Skip the request when this path exists on the host.'),
      removes: z.string().optional().describe('Skip the request when this path does not exist on the host.'),
    })
    .strict(),
);

export const winUri: ModuleDef<ReturnType<typeof winUriSchema>> = {
  name: 'win_uri',
  aliases: ['ansible.windows.win_uri'],
  // Ansible.Basic's deprecated_aliases in 1.14's spec: each alias written adds its deprecation to the result.
  deprecatedOptions: Object.fromEntries(['user', 'username', 'password'].map((a) => [a, {
    msg: `Alias '${a}' is deprecated. See the module docs for more information`, date: '2022-07-01', collection_name: 'ansible.windows',
  }])),
  description: 'Make an HTTP(S) request from the host (Invoke-WebRequest semantics, TLS 1.2 enabled) and check the status; returns `status_code`, headers and optionally `content`/`json`. In check mode only GET, HEAD and OPTIONS are sent.',
  get schema() {
    return winUriSchema();
  },
  secretArgs: ['url_password', 'password'],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_uri.ps1', import.meta.url));
  },
  examples: `- name: The Qlik Repository Service answers on the host itself
  win_uri:
    url: https://localhost:4242/qrs/about?xrfkey=0123456789abcdef
    headers: { X-Qlik-Xrfkey: 0123456789abcdef }
    validate_certs: false
    return_content: true

- name: WinRM's listener is up (GET on /wsman is refused with 405)
  ansible.windows.win_uri:
    url: http://localhost:5985/wsman
    status_code: 405
`,
};
