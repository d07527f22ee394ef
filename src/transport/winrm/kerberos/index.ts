/**
 * winbook's in-process Kerberos (RFC 4120, 3961, 3962, 4121): the client gets tickets from a KDC or a kinit'ed
 * cache and builds GSS krb5 tokens; the acceptor (the simulator's side) checks them with a keytab. Both yield the
 * per-message protection WinRM's message encryption uses. See docs/kerberos.md.
 */
export { initiateKerberos, buildApReq, serviceCredential, INITIATOR_FLAGS, type InitiateOptions, type KerberosInitiator } from './initiator.ts';
export { acceptKerberos, krbErrorToken, ReplayCache, DEFAULT_MAX_SKEW_MS, type AcceptOptions, type AcceptResult, type BoundChannel } from './acceptor.ts';
export { KrbWrap, type MessageSecurity, type KerberosMessageSecurity } from './gss-wrap.ts';
export { KRB5_OID, GssFlag, channelBindingHash, frame, unframe, TokId } from './gss-token.ts';
export { KerberosError } from './errors.ts';
export { KrbErrorCode, krbErrorName } from './error-codes.ts';
export { TicketCache } from './ticket-cache.ts';
export { getTgt, getServiceTicket, type Credential, type KdcClientOptions } from './kdc-client.ts';
export { parseKeytab, readKeytab, type KeytabEntry } from './keytab.ts';
export { parseCCache, readCCache, ccachePath, type CCache, type CachedCredential } from './ccache.ts';
export { loadKrb5Conf, parseKrb5Conf, realmOfHost, kdcsFor, type Krb5Conf } from './krb5-conf.ts';
export { parseClientPrincipal, parseServicePrincipal } from './principal.ts';
export { Etype, DEFAULT_ETYPES } from './crypto/index.ts';
