/**
 * Writing and reading the xenc:EncryptedData the data helpers exchange:
 *
 *   <xenc:EncryptedData Type="…#Element|…#Content" (or MimeType="application/octet-stream")>
 *     <xenc:EncryptionMethod Algorithm="…"/>
 *     <ds:KeyInfo><ds:KeyName>GlobalKeyID</ds:KeyName></ds:KeyInfo>
 *     <xenc:CipherData><xenc:CipherValue>base64</xenc:CipherValue></xenc:CipherData>
 *   </xenc:EncryptedData>
 *
 * Reading goes through the hardened intake (parseXml) and accepts only this shape: one KeyName
 * holding a GlobalKeyID, a CipherValue (a CipherReference is never dereferenced).
 */
import { formatGlobalKeyID, isNewKeyRequest, parseGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { DS_NS, XENC_NS } from '../../protocol/model/namespaces.ts';
import { DEFAULT_INTAKE_LIMITS, parseXml, XmlIntakeError } from '../../protocol/xml/intake.ts';
import { childElements, directText, findAttribute, type XmlElement } from '../../protocol/xml/tree.ts';
import { attribute, element, textElement, writeXml } from '../../protocol/xml/writer.ts';
import { DataEncryptionError } from './data-error.ts';

export const TYPE_ELEMENT = 'http://www.w3.org/2001/04/xmlenc#Element';
export const TYPE_CONTENT = 'http://www.w3.org/2001/04/xmlenc#Content';
export const OCTET_STREAM = 'application/octet-stream';

/** Largest EncryptedData document `readEncryptedData` accepts by default: 16 MiB. */
export const DEFAULT_MAX_ENCRYPTED_DATA_BYTES = 16 * 1024 * 1024;

export interface EncryptedDataFields {
  readonly algorithm: string;
  /** The canonical GlobalKeyID of the key (ds:KeyName). */
  readonly keyName: string;
  readonly cipherValue: Uint8Array;
  /** xenc Type URI (Element or Content); absent for arbitrary octets. */
  readonly type?: string;
  readonly mimeType?: string;
}

/** Stands for the CipherValue text while the rest of the document is written (not base64). */
const CIPHER_VALUE_SLOT = '#';
const CIPHER_VALUE_END = '</xenc:CipherValue>';

function writeEncryptedData(fields: EncryptedDataFields, cipherValueText: string): string {
  const attributes = [
    ...(fields.type === undefined ? [] : [attribute(null, 'Type', fields.type)]),
    ...(fields.mimeType === undefined ? [] : [attribute(null, 'MimeType', fields.mimeType)]),
  ];
  const root = element(
    XENC_NS,
    'EncryptedData',
    [
      element(XENC_NS, 'EncryptionMethod', [], [attribute(null, 'Algorithm', fields.algorithm)]),
      element(DS_NS, 'KeyInfo', [textElement(DS_NS, 'KeyName', fields.keyName)]),
      element(XENC_NS, 'CipherData', [textElement(XENC_NS, 'CipherValue', cipherValueText)]),
    ],
    attributes,
  );
  return writeXml(root, { prefixes: { [XENC_NS]: 'xenc', [DS_NS]: 'ds' }, xmlDeclaration: true });
}

export function buildEncryptedDataXml(fields: EncryptedDataFields): string {
  const { buffer, byteOffset, byteLength } = fields.cipherValue;
  const base64 = Buffer.from(buffer, byteOffset, byteLength).toString('base64');
  if (base64 === '') return `${writeEncryptedData(fields, '')}\n`;
  // The base64 text is placed without passing it through the writer's escaping: the base64
  // alphabet holds no character XML escapes, and for a large payload the escaping pass would
  // cost more than the encryption. CipherValue is the last text of the document.
  const skeleton = writeEncryptedData(fields, CIPHER_VALUE_SLOT);
  const at = skeleton.lastIndexOf(`${CIPHER_VALUE_SLOT}${CIPHER_VALUE_END}`);
  if (at < 0) throw new Error('internal: the EncryptedData skeleton has no CipherValue slot');
  return `${skeleton.slice(0, at)}${base64}${skeleton.slice(at + CIPHER_VALUE_SLOT.length)}\n`;
}

function malformed(message: string, cause?: unknown): DataEncryptionError {
  return new DataEncryptionError('DATA_MALFORMED', message, cause === undefined ? undefined : { cause });
}

function is(e: XmlElement, ns: string, localName: string): boolean {
  return e.namespaceURI === ns && e.localName === localName;
}

/** Child elements of element-only content; text other than white space is refused. */
function elementChildren(e: XmlElement): XmlElement[] {
  for (const child of e.children)
    if (child.kind === 'text' && child.value.trim() !== '')
      throw malformed(`${e.localName} has text where only elements are allowed`);
  return childElements(e);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/[ \t\r\n]+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw malformed('CipherValue is not base64');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** SKSML-CLT-144: the key is named by its GlobalKeyID in ds:KeyInfo/ds:KeyName, nothing else. */
function readKeyName(keyInfo: XmlElement): string {
  const children = elementChildren(keyInfo);
  const only = children[0];
  if (children.length !== 1 || only === undefined || !is(only, DS_NS, 'KeyName'))
    throw malformed('ds:KeyInfo must hold exactly one ds:KeyName');
  if (childElements(only).length > 0) throw malformed('ds:KeyName must hold text only');
  let id;
  try {
    id = parseGlobalKeyID(directText(only).trim());
  } catch (e) {
    throw malformed('ds:KeyName is not a GlobalKeyID', e);
  }
  if (isNewKeyRequest(id)) throw malformed('ds:KeyName is the new-key sentinel, which names no key');
  return formatGlobalKeyID(id);
}

function readCipherValue(cipherData: XmlElement): Uint8Array {
  const children = elementChildren(cipherData);
  const only = children[0];
  if (children.length === 1 && only !== undefined && is(only, XENC_NS, 'CipherReference'))
    // SKSML-CLT-144: a CipherReference is refused, never dereferenced.
    throw new DataEncryptionError('DATA_UNSUPPORTED', 'a CipherReference is never dereferenced');
  if (children.length !== 1 || only === undefined || !is(only, XENC_NS, 'CipherValue'))
    throw malformed('xenc:CipherData must hold exactly one xenc:CipherValue');
  if (childElements(only).length > 0) throw malformed('xenc:CipherValue must hold text only');
  return decodeBase64(directText(only));
}

export interface ReadEncryptedDataOptions {
  /** Largest document accepted, in bytes (default 16 MiB). */
  readonly maxBytes?: number;
}

/** Parses an EncryptedData document (hardened intake) and returns its fields. */
export function readEncryptedData(
  input: string | Uint8Array,
  options: ReadEncryptedDataOptions = {},
): EncryptedDataFields {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ENCRYPTED_DATA_BYTES;
  let root: XmlElement;
  try {
    // SKSML-CLT-144: the document is read through the hardened intake only.
    root = parseXml(input, {
      limits: {
        maxBytes,
        maxTextLength: Math.max(DEFAULT_INTAKE_LIMITS.maxTextLength, maxBytes),
        maxDepth: 16,
        maxElements: 64,
      },
    }).root;
  } catch (e) {
    if (e instanceof XmlIntakeError) throw malformed(`not readable XML: ${e.code}`, e);
    throw e;
  }
  if (!is(root, XENC_NS, 'EncryptedData')) throw malformed('the document is not an xenc:EncryptedData');
  let method: XmlElement | undefined;
  let keyInfo: XmlElement | undefined;
  let cipherData: XmlElement | undefined;
  // Schema order: EncryptionMethod?, ds:KeyInfo?, CipherData, EncryptionProperties?
  const order = ['EncryptionMethod', 'KeyInfo', 'CipherData', 'EncryptionProperties'];
  let position = -1;
  for (const child of elementChildren(root)) {
    const index = order.indexOf(child.localName);
    const ns = child.localName === 'KeyInfo' ? DS_NS : XENC_NS;
    if (index <= position || child.namespaceURI !== ns)
      throw malformed(`unexpected element ${child.name} in xenc:EncryptedData`);
    position = index;
    if (index === 0) method = child;
    else if (index === 1) keyInfo = child;
    else if (index === 2) cipherData = child;
  }
  if (method === undefined) throw malformed('xenc:EncryptionMethod is missing');
  if (keyInfo === undefined) throw malformed('ds:KeyInfo with the GlobalKeyID is missing');
  if (cipherData === undefined) throw malformed('xenc:CipherData is missing');
  const algorithm = findAttribute(method, null, 'Algorithm')?.value;
  if (algorithm === undefined || algorithm === '') throw malformed('EncryptionMethod has no Algorithm');
  if (elementChildren(method).length > 0)
    throw new DataEncryptionError('DATA_UNSUPPORTED', 'EncryptionMethod parameters are not supported');
  const type = findAttribute(root, null, 'Type')?.value;
  const mimeType = findAttribute(root, null, 'MimeType')?.value;
  return {
    algorithm,
    keyName: readKeyName(keyInfo),
    cipherValue: readCipherValue(cipherData),
    ...(type === undefined ? {} : { type }),
    ...(mimeType === undefined ? {} : { mimeType }),
  };
}

/** Which Type to write for `data`: Element when it is one well-formed XML element, else octets. */
export function detectPlaintextType(data: Uint8Array): 'element' | 'octets' {
  let i = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x0a || data[i] === 0x0d || data[i] === 0x09))
    i++;
  // `<` followed by a name start: not a declaration (`<?`), comment or DOCTYPE (`<!`).
  if (data[i] !== 0x3c || data[i + 1] === 0x3f || data[i + 1] === 0x21) return 'octets';
  try {
    parseXml(data);
    return 'element';
  } catch {
    return 'octets';
  }
}
