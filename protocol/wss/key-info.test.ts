import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestPki } from '../testkit/pki.ts';
import { parseXml } from '../xml/intake.ts';
import type { XmlElement } from '../xml/tree.ts';
import { readTokenCertificate } from './key-info.ts';
import { BASE64_ENCODING_TYPE, WSSE_NS, X509V3_VALUE_TYPE } from './namespaces.ts';

const pki = createTestPki({ clients: 2 });

function token(content: string, valueType = X509V3_VALUE_TYPE): XmlElement {
  return parseXml(
    `<wsse:BinarySecurityToken xmlns:wsse="${WSSE_NS}" ValueType="${valueType}" EncodingType="${BASE64_ENCODING_TYPE}">${content}</wsse:BinarySecurityToken>`,
  ).root;
}

const der = (i: number): Buffer => Buffer.from(pki.clients[i]!.certificate.raw);
const b64 = (i: number): string => der(i).toString('base64');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('readTokenCertificate (token memo)', () => {
  it('decodes the same token text to the same certificate, and different texts to theirs', () => {
    const first = readTokenCertificate(token(b64(0)));
    expect(sha(first.raw)).toBe(sha(der(0)));
    expect(readTokenCertificate(token(b64(0)))).toBe(first);
    const wrapped = b64(0).replace(/(.{64})/g, '$1\n');
    expect(sha(readTokenCertificate(token(wrapped)).raw)).toBe(sha(der(0)));
    expect(sha(readTokenCertificate(token(b64(1))).raw)).toBe(sha(der(1)));
  });

  it('still refuses what the full path refuses after the same base64 was accepted as plain text', () => {
    readTokenCertificate(token(b64(0)));
    const text = b64(0);
    const half = text.length >> 1;
    // SKSML-WSS-20: the same characters split by a comment, or in CDATA, are not plain text.
    for (const content of [
      `${text.slice(0, half)}<!--x-->${text.slice(half)}`,
      `<![CDATA[${text}]]>`,
      `${text}=`,
      `${text.slice(0, -4)}`,
      '',
    ])
      expect(() => readTokenCertificate(token(content))).toThrow(
        expect.objectContaining({ code: 'WSS_MALFORMED_TOKEN' }),
      );
    // The attribute checks come first, whatever the memo holds.
    expect(() => readTokenCertificate(token(text, 'urn:other'))).toThrow(
      expect.objectContaining({ code: 'WSS_UNSUPPORTED_TOKEN' }),
    );
  });
});
