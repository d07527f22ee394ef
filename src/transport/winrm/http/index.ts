/** The HTTP layer's public surface: the SoapChannel over HTTP, and the encryption framing the simulator shares. */
export { WinrmHttpChannel, type WinrmHttpOptions } from './connection.ts';
export {
  ENCRYPTED_CONTENT_TYPE, SOAP_CONTENT_TYPE, decodeEncrypted, encodeEncrypted, isEncryptedContentType,
} from './encryption.ts';
export { ResponseParser, serializeRequest, header, headerValues, type HttpRequest, type HttpResponse } from './wire.ts';
