/** Mechanism OIDs SPNEGO negotiates for WinRM [RFC 4178 3, MS-SPNG 3.3.1]. */
export const SPNEGO_OID = '1.3.6.1.5.5.2';
/** Kerberos V5 GSS-API [RFC 1964 1]. */
export const KRB5_OID = '1.2.840.113554.1.2.2';
/** The same mechanism under the OID Windows 2000 sent by mistake and every Windows still sends first [MS-SPNG 3.1.5.1]. */
export const MS_KRB5_OID = '1.2.840.48018.1.2.2';
/** NTLMSSP [MS-NLMP 1.9]. */
export const NTLM_OID = '1.3.6.1.4.1.311.2.2.10';

export type Mech = 'kerberos' | 'ntlm';

export function mechOf(oid: string): Mech | undefined {
  if (oid === KRB5_OID || oid === MS_KRB5_OID) return 'kerberos';
  if (oid === NTLM_OID) return 'ntlm';
  return undefined;
}
