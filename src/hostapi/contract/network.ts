/** The network as the host sees it: TCP connects, listening ports and connections, name resolution, HTTP requests. */
import type { VerbTable } from './types.ts';

export const networkVerbs: VerbTable = {
  'Test-WbTcpPort': {
    domain: 'network',
    doc: 'TcpClient.BeginConnect(HostName, Port) waited for TimeoutMs: $true when the connection was accepted, $false when refused, unreachable, unresolvable or timed out.',
    params: {
      HostName: { type: 'string', required: true, doc: 'name or address, resolved from the host (not $Host: an automatic variable)' },
      Port: { type: 'int', required: true, doc: 'TCP port' },
      TimeoutMs: { type: 'int', required: true, doc: 'milliseconds the connect may take' },
    },
    returns: 'bool',
  },
  'Get-WbTcpListener': {
    domain: 'network',
    doc: 'IPGlobalProperties.GetActiveTcpListeners(): the local TCP endpoints in LISTEN state.',
    params: {},
    returns: 'list',
    shape: { Address: 'local address (0.0.0.0 or :: for any)', Port: 'local port' },
  },
  'Get-WbTcpConnection': {
    domain: 'network',
    doc: 'IPGlobalProperties.GetActiveTcpConnections(): established connections, optionally those to one local port.',
    params: { LocalPort: { type: 'int', doc: 'only connections whose local port is this' } },
    returns: 'list',
    shape: { LocalAddress: 'local address', LocalPort: 'local port', RemoteAddress: 'remote address', RemotePort: 'remote port', State: 'TcpState name (Established, TimeWait, …)' },
  },
  'Resolve-WbHostAddress': {
    domain: 'network',
    doc: '[Net.Dns]::GetHostAddresses(name): the addresses as text.',
    params: { Name: { type: 'string', required: true, doc: 'host name or address' } },
    returns: 'string-list',
    errors: { 11001: 'the name does not resolve (No such host is known.)' },
  },
  'Invoke-WbHttpRequest': {
    domain: 'network',
    doc: 'One HTTP(S) request with System.Net.HttpWebRequest (TLS 1.2 enabled). ValidateCerts $false accepts any server certificate for THIS request only (HttpWebRequest.ServerCertificateValidationCallback, .NET 4.5+; ServicePointManager\'s process-wide callback is never set). A 4xx/5xx status is a response, not an error.',
    params: {
      Url: { type: 'string', required: true, doc: 'absolute http or https URL' },
      Method: { type: 'string', required: true, doc: 'HTTP method in upper case' },
      Headers: { type: 'object', doc: 'request headers, name → value (Content-Type included)' },
      Body: { type: 'string', doc: 'request body, sent as UTF-8' },
      User: { type: 'string', doc: 'user for authentication' },
      Password: { type: 'string', secret: true, doc: 'password for User' },
      ForceBasicAuth: { type: 'bool', doc: 'send Basic credentials with the first request instead of negotiating after a 401' },
      FollowRedirects: { type: 'bool', doc: 'follow 3xx redirects (AllowAutoRedirect)' },
      TimeoutSeconds: { type: 'int', doc: 'seconds for the whole request (default 30; 0 = 100, as .NET)' },
      ValidateCerts: { type: 'bool', doc: 'check the server certificate (default $true)' },
      MaximumRedirection: { type: 'int', doc: 'redirects followed at most (HttpWebRequest.MaximumAutomaticRedirections, default 50); more fail (Too many automatic redirections were attempted.)' },
      UseProxy: { type: 'bool', doc: '$false: no proxy at all (HttpWebRequest.Proxy = $null); default the system proxy (WinINet settings of the account)' },
      OutFile: { type: 'string', doc: 'write the body of a 2xx response to this file (FileStream, created or replaced; its folder must exist) instead of returning it as Content' },
    },
    returns: 'object',
    shape: {
      StatusCode: 'the HTTP status, as a number',
      StatusDescription: 'the reason phrase',
      Headers: 'response headers, name → value',
      Content: "the body decoded as UTF-8 ('' when OutFile received it)",
    },
    errors: {
      3: "OutFile's folder does not exist (Could not find a part of the path 'PATH'.)",
      5: 'OutFile may not be written, or is a folder (Access to the path \'PATH\' is denied.)',
      87: 'the URL is not an absolute http(s) URL (Invalid URI: The format of the URI could not be determined.)',
      1460: 'no response within TimeoutSeconds (The operation has timed out)',
      10061: 'nothing listens, or the connection failed (Unable to connect to the remote server); also more than MaximumRedirection redirects',
      11001: 'the host name does not resolve (The remote name could not be resolved: \'NAME\')',
      [-2146762487]: 'ValidateCerts and the certificate is not trusted (The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.)',
    },
  },
  'Get-WbNetworkAdapter': {
    domain: 'network',
    doc:
      'NetworkInterface.GetAllNetworkInterfaces() without loopback and tunnel interfaces, with their IP properties (unicast addresses, gateways, ' +
      'DNS suffix and DNS servers as the adapter is configured: Win32_NetworkAdapterConfiguration.DNSServerSearchOrder).',
    params: {},
    returns: 'list',
    shape: {
      Name: "the connection name (Ethernet0)",
      Description: 'the adapter (interface) description',
      InterfaceIndex: 'the IPv4 interface index',
      MacAddress: 'AA:BB:CC:DD:EE:FF',
      IPv4: 'list of { Address, PrefixLength }',
      IPv6: 'list of { Address, PrefixLength }',
      DefaultGateway: 'the first gateway address, $null when none',
      DnsSuffix: "the connection-specific DNS suffix, '' when none",
      DnsServers: 'the configured IPv4 DNS servers, in order (empty when DHCP gives none)',
      Mtu: 'IPv4 MTU',
      SpeedMbps: 'link speed in Mbit/s',
    },
  },
  'Set-WbDnsServer': {
    domain: 'network',
    doc:
      'Win32_NetworkAdapterConfiguration.SetDNSServerSearchOrder on the IP-enabled adapter with this interface index: the IPv4 DNS servers, in order; ' +
      'an empty list resets the adapter to DHCP-assigned servers (none on a static adapter). $true when the list changed.',
    params: {
      InterfaceIndex: { type: 'int', required: true, doc: 'the adapter (Get-WbNetworkAdapter InterfaceIndex)' },
      Servers: { type: 'string[]', required: true, doc: 'IPv4 addresses, in lookup order; empty resets' },
    },
    returns: 'bool',
    errors: { 87: 'an address is not an IPv4 address (SetDNSServerSearchOrder 70)', 1168: 'no IP-enabled adapter has this index (Element not found.)' },
  },
};
