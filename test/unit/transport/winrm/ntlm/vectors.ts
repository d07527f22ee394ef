/** MS-NLMP 4.2.4 NTLMv2 example values (reference 9.7), shared by the NTLM tests. */
export const hex = (s: string): Buffer => Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex');

export const V = {
  user: 'User',
  domain: 'Domain',
  password: 'Password',
  workstation: 'COMPUTER',
  randomSessionKey: hex('55555555555555555555555555555555'),
  time: hex('0000000000000000'),
  clientChallenge: hex('aaaaaaaaaaaaaaaa'),
  serverChallenge: hex('0123456789abcdef'),
  challengeFlags: 0xe28a8233,
  avPairs: hex('02000c0044006f006d00610069006e00 01000c005300650072007600650072000000 0000'),
  ntowfv1: hex('a4f49c406510bdcab6824ee7c30fd852'),
  ntowfv2: hex('0c868a403bfd7a93a3001ef22ef02e3f'),
  sessionBaseKey: hex('8de40ccadbc14a82f15cb0ad0de95ca3'),
  temp: hex(`0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000
    02000c0044006f006d00610069006e00 01000c005300650072007600650072000000 0000 00000000`),
  lmv2: hex('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa'),
  ntProofStr: hex('68cd0ab851e51c96aabc927bebef6a1c'),
  encryptedSessionKey: hex('c5dad2544fc9799094ce1ce90bc9d03e'),
  sealKeyC2S: hex('59f600973cc4960a25480a7c196e4c58'),
  signKeyC2S: hex('4788dc861b4782f35d43fd98fe1a2d39'),
  sealKeyS2C: hex('9355f3a957c1583d25c4c2f11e40390e'),
  signKeyS2C: hex('d04d6f10741041d1d246d64188d7a8ad'),
  plaintext: Buffer.from('Plaintext', 'utf16le'),
  client1: { sealed: hex('54e50165bf1936dc996020c1811b0f06fb5f'), signature: hex('010000007fb38ec5c55d497600000000') },
  client2: { sealed: hex('64c308e09ea236e7f4232553c94a01e700fa'), signature: hex('0100000025540595 5d31d8c401000000') },
  server1: { sealed: hex('160871b730ba74e946c453d7465b54278dd0'), signature: hex('01000000b298b847ce7c580700000000') },
  /** The spec's CHALLENGE_MESSAGE (104 bytes). */
  challengeMessage: hex(`4e544c4d53535000 02000000 0c000c0038000000 33828ae2 0123456789abcdef 0000000000000000
    2400240044000000 060070170000000f
    530065007200760065007200
    02000c0044006f006d00610069006e00 01000c005300650072007600650072000000 0000`),
  /** The spec's AUTHENTICATE_MESSAGE (232 bytes, no MIC). */
  authenticateMessage: hex(`4e544c4d53535000 03000000 180018006c000000 5400540084000000 0c000c0048000000
    0800080054000000 100010005c000000 10001000d8000000 358288e2 0501280a0000000f
    44006f006d00610069006e00 5500730065007200 43004f004d0050005500540045005200
    86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa
    68cd0ab851e51c96aabc927bebef6a1c
    0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000
    02000c0044006f006d00610069006e00 01000c005300650072007600650072000000 0000 00000000
    c5dad2544fc9799094ce1ce90bc9d03e`),
};
