/** Namespace names used by SKSML messages and the prefixes this project writes for them. */

/** The SKSML 1.0 namespace (unchanged from pr01 to cs02). */
export const SKSML_NS = 'http://docs.oasis-open.org/ekmi/2008/01';
/** XML Encryption 1.0. */
export const XENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
/** XML Encryption 1.1 (only for `xenc11:MGF` inside an EncryptionMethod). */
export const XENC11_NS = 'http://www.w3.org/2009/xmlenc11#';
/** XML Signature. */
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** XML Schema instance (`xsi:nil`). */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** The fixed prefixes used when the project serializes SKSML: namespace URI -> prefix. */
export const SKSML_PREFIXES: Readonly<Record<string, string>> = {
  [SKSML_NS]: 'ekmi',
  [XENC_NS]: 'xenc',
  [XENC11_NS]: 'xenc11',
  [DS_NS]: 'ds',
  [XSI_NS]: 'xsi',
};
