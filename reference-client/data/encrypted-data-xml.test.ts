import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DS_NS, XENC_NS } from '../../protocol/model/namespaces.ts';
import { attribute, element, textElement, writeXml } from '../../protocol/xml/writer.ts';
import { AES256_GCM } from './algorithms.ts';
import { DataEncryptionError } from './data-error.ts';
import {
  buildEncryptedDataXml,
  detectPlaintextType,
  OCTET_STREAM,
  readEncryptedData,
  TYPE_ELEMENT,
} from './encrypted-data-xml.ts';

const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

function doc(inner: string, attrs = ''): string {
  return `<xenc:EncryptedData xmlns:xenc="${XENC}" xmlns:ds="${DS}"${attrs}>${inner}</xenc:EncryptedData>`;
}
const METHOD = `<xenc:EncryptionMethod Algorithm="${AES256_GCM}"/>`;
const KEYINFO = '<ds:KeyInfo><ds:KeyName>10514-1-9</ds:KeyName></ds:KeyInfo>';
const CIPHER = '<xenc:CipherData><xenc:CipherValue>AAEC</xenc:CipherValue></xenc:CipherData>';

function codeOf(input: string): string | undefined {
  try {
    readEncryptedData(input);
    return undefined;
  } catch (e) {
    return e instanceof DataEncryptionError ? e.code : 'other';
  }
}

describe('EncryptedData XML', () => {
  it('writes and reads back every field', () => {
    const xml = buildEncryptedDataXml({
      algorithm: AES256_GCM,
      keyName: '10514-1-9',
      cipherValue: Uint8Array.from([1, 2, 3, 250]),
      type: TYPE_ELEMENT,
    });
    expect(xml).toContain('<ds:KeyName>10514-1-9</ds:KeyName>');
    expect(xml).toContain(`Type="${TYPE_ELEMENT}"`);
    const read = readEncryptedData(xml);
    expect(read).toEqual({
      algorithm: AES256_GCM,
      keyName: '10514-1-9',
      cipherValue: Uint8Array.from([1, 2, 3, 250]),
      type: TYPE_ELEMENT,
    });
    const octets = readEncryptedData(
      buildEncryptedDataXml({
        algorithm: AES256_GCM,
        keyName: '1-2-3',
        cipherValue: new Uint8Array(0),
        mimeType: OCTET_STREAM,
      }),
    );
    expect(octets.mimeType).toBe(OCTET_STREAM);
    expect(octets.type).toBeUndefined();
  });

  it('reads white space, comments and a spaced KeyName', () => {
    const xml = doc(
      `\n ${METHOD}<!-- c --><ds:KeyInfo> <ds:KeyName> 10514-1-9 </ds:KeyName> </ds:KeyInfo>` +
        '<xenc:CipherData><xenc:CipherValue>AA\nEC</xenc:CipherValue></xenc:CipherData>\n',
    );
    expect(readEncryptedData(xml).cipherValue).toEqual(Uint8Array.from([0, 1, 2]));
  });

  it.each([
    ['another root element', `<ds:KeyInfo xmlns:ds="${DS}"/>`, 'DATA_MALFORMED'],
    ['no EncryptionMethod', doc(KEYINFO + CIPHER), 'DATA_MALFORMED'],
    ['no KeyInfo', doc(METHOD + CIPHER), 'DATA_MALFORMED'],
    ['no CipherData', doc(METHOD + KEYINFO), 'DATA_MALFORMED'],
    ['elements out of order', doc(KEYINFO + METHOD + CIPHER), 'DATA_MALFORMED'],
    ['an unknown child', doc(`${METHOD}${KEYINFO}${CIPHER}<xenc:Other/>`), 'DATA_MALFORMED'],
    [
      'two KeyNames',
      doc(
        `${METHOD}<ds:KeyInfo><ds:KeyName>1-1-1</ds:KeyName><ds:KeyName>1-1-2</ds:KeyName></ds:KeyInfo>${CIPHER}`,
      ),
      'DATA_MALFORMED',
    ],
    [
      'a KeyName that is not a GlobalKeyID',
      doc(`${METHOD}<ds:KeyInfo><ds:KeyName>my key</ds:KeyName></ds:KeyInfo>${CIPHER}`),
      'DATA_MALFORMED',
    ],
    [
      'the new-key sentinel',
      doc(`${METHOD}<ds:KeyInfo><ds:KeyName>10514-0-0</ds:KeyName></ds:KeyInfo>${CIPHER}`),
      'DATA_MALFORMED',
    ],
    [
      'bad base64',
      doc(`${METHOD}${KEYINFO}<xenc:CipherData><xenc:CipherValue>A*==</xenc:CipherValue></xenc:CipherData>`),
      'DATA_MALFORMED',
    ],
    [
      'a CipherReference',
      doc(
        `${METHOD}${KEYINFO}<xenc:CipherData><xenc:CipherReference URI="file:///etc/passwd"/></xenc:CipherData>`,
      ),
      'DATA_UNSUPPORTED',
    ],
    [
      'EncryptionMethod parameters',
      doc(
        `<xenc:EncryptionMethod Algorithm="${AES256_GCM}"><xenc:KeySize>256</xenc:KeySize></xenc:EncryptionMethod>${KEYINFO}${CIPHER}`,
      ),
      'DATA_UNSUPPORTED',
    ],
    [
      'a DOCTYPE',
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${doc(METHOD + KEYINFO + CIPHER)}`,
      'DATA_MALFORMED',
    ],
    ['text in element-only content', doc(`${METHOD}junk${KEYINFO}${CIPHER}`), 'DATA_MALFORMED'],
    ['not XML', 'hello', 'DATA_MALFORMED'],
  ])('refuses %s', (_name, input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it('refuses a document over the size limit', () => {
    const big = doc(
      `${METHOD}${KEYINFO}<xenc:CipherData><xenc:CipherValue>${'A'.repeat(2000)}</xenc:CipherValue></xenc:CipherData>`,
    );
    expect(() => readEncryptedData(big, { maxBytes: 1000 })).toThrow(DataEncryptionError);
    expect(readEncryptedData(big, { maxBytes: 4000 }).cipherValue.length).toBe(1500);
  });

  it('detects one XML element as Element and anything else as octets', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(detectPlaintextType(enc('  <a xmlns="urn:x"><b/></a>\n'))).toBe('element');
    expect(detectPlaintextType(enc('<?xml version="1.0"?><a/>'))).toBe('octets');
    expect(detectPlaintextType(enc('<a/><b/>'))).toBe('octets');
    expect(detectPlaintextType(enc('plain text'))).toBe('octets');
    expect(detectPlaintextType(Uint8Array.from([0x3c, 0xff, 0x00]))).toBe('octets');
  });
});

describe('buildEncryptedDataXml writes what the generic XML writer writes', () => {
  it('for any cipher value, key name and attributes (the base64 text is placed unescaped)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.option(fc.constantFrom(TYPE_ELEMENT, 'urn:x#"<&>')),
        fc.option(fc.string({ maxLength: 20 })),
        (cipherValue, type, mimeType) => {
          const fields = {
            algorithm: AES256_GCM,
            keyName: '10514-1-9',
            cipherValue,
            ...(type === null ? {} : { type }),
            ...(mimeType === null ? {} : { mimeType }),
          };
          const generic = writeXml(
            element(
              XENC_NS,
              'EncryptedData',
              [
                element(XENC_NS, 'EncryptionMethod', [], [attribute(null, 'Algorithm', AES256_GCM)]),
                element(DS_NS, 'KeyInfo', [textElement(DS_NS, 'KeyName', '10514-1-9')]),
                element(XENC_NS, 'CipherData', [
                  textElement(XENC_NS, 'CipherValue', Buffer.from(cipherValue).toString('base64')),
                ]),
              ],
              [
                ...(type === null ? [] : [attribute(null, 'Type', type)]),
                ...(mimeType === null ? [] : [attribute(null, 'MimeType', mimeType)]),
              ],
            ),
            { prefixes: { [XENC_NS]: 'xenc', [DS_NS]: 'ds' }, xmlDeclaration: true },
          );
          expect(buildEncryptedDataXml(fields)).toBe(`${generic}\n`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
