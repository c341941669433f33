import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  codesOf,
  EXISTING_KEY_REQUEST,
  findingsOf,
  mutate,
  NEW_KEY_REQUEST,
  POLL_REQUEST,
  RESPONSE,
} from '../test-support.ts';

describe('KeyClass rules (SKSML-MSG-3, -106, -108)', () => {
  it('reports an empty KeyClass, an empty KeyClasses and an empty RequestedKeyClass', () => {
    expect(codesOf(mutate(NEW_KEY_REQUEST(), '>HR-Payroll<', '><'))).toEqual(['SEM_KEYCLASS_EMPTY']);
    const noClasses = mutate(
      NEW_KEY_REQUEST(),
      /<ekmi:KeyClasses>[\s\S]*<\/ekmi:KeyClasses>/,
      '<ekmi:KeyClasses/>',
    );
    expect(codesOf(noClasses)).toEqual(['SEM_KEYCLASSES_EMPTY']);
    expect(codesOf(mutate(RESPONSE(), '>Archive<', '> <'))).toEqual(['SEM_KEYCLASS_EMPTY']);
  });
  it('warns on a repeated KeyClass', () => {
    const f = findingsOf(mutate(NEW_KEY_REQUEST(), '>Finance-Ledger<', '>HR-Payroll<'));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      code: 'SEM_DUPLICATE_KEYCLASS',
      severity: 'warning',
      path: '/SymkeyRequest/KeyClasses/KeyClass[2]',
    });
    expect(f[0]?.message).toContain('/SymkeyRequest/KeyClasses/KeyClass[1]');
  });
});

describe('repeated IDs in a request (SKSML-MSG-107)', () => {
  it('warns on the same GlobalKeyID twice, compared by value', () => {
    const twice = mutate(EXISTING_KEY_REQUEST(), '10514-5-18446744073709551615', '10514-2-16777215');
    expect(findingsOf(twice).map((f) => [f.code, f.severity])).toEqual([['SEM_DUPLICATE_ID', 'warning']]);
    const spelled = mutate(EXISTING_KEY_REQUEST(), '10514-5-18446744073709551615', '10514-2-016777215');
    expect(codesOf(spelled)).toEqual(['SEM_ID_LEADING_ZERO', 'SEM_DUPLICATE_ID']);
  });
  it('warns on the same SymkeyRequestID twice', () => {
    expect(codesOf(mutate(POLL_REQUEST(), '10514-2-4712', '10514-2-4711'))).toEqual(['SEM_DUPLICATE_ID']);
  });
});

describe('X509EncryptionCertificate (SKSML-MSG-7)', () => {
  it('accepts the example certificate', () => {
    const text = NEW_KEY_REQUEST();
    const b64 = /<ekmi:X509EncryptionCertificate>([\s\S]*?)</.exec(text)?.[1] ?? '';
    expect(() => new X509Certificate(Buffer.from(b64.replace(/\s+/g, ''), 'base64'))).not.toThrow();
    expect(codesOf(text)).toEqual([]);
  });
  it('reports base64 that is not a certificate, and text that is not base64', () => {
    const cert = /<ekmi:X509EncryptionCertificate>[\s\S]*?<\/ekmi:X509EncryptionCertificate>/;
    const notCert = mutate(
      NEW_KEY_REQUEST(),
      cert,
      '<ekmi:X509EncryptionCertificate>AAECAwQF</ekmi:X509EncryptionCertificate>',
    );
    expect(findingsOf(notCert)[0]).toMatchObject({ code: 'SEM_CERT_NOT_X509', requirement: 'SKSML-MSG-7' });
    const notB64 = mutate(
      NEW_KEY_REQUEST(),
      cert,
      '<ekmi:X509EncryptionCertificate>-----BEGIN</ekmi:X509EncryptionCertificate>',
    );
    expect(codesOf(notB64)).toEqual(['SEM_CERT_NOT_BASE64']);
    const empty = mutate(NEW_KEY_REQUEST(), cert, '<ekmi:X509EncryptionCertificate/>');
    expect(codesOf(empty)).toEqual(['SEM_CERT_NOT_X509']);
  });
});

describe('SymkeyResponse content (SKSML-MSG-114) and namespaces (SKSML-MSG-1)', () => {
  it('reports an empty response and foreign content', () => {
    const empty = '<ekmi:SymkeyResponse xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"/>';
    expect(codesOf(empty)).toEqual(['SEM_RESPONSE_EMPTY']);
    const nested =
      '<r:SymkeyResponse xmlns:r="http://docs.oasis-open.org/ekmi/2008/01"><r:SymkeyRequest><r:GlobalKeyID>1-0-0</r:GlobalKeyID></r:SymkeyRequest></r:SymkeyResponse>';
    expect(codesOf(nested)).toEqual(['SEM_RESPONSE_EMPTY', 'SEM_RESPONSE_FOREIGN_CONTENT']);
  });
  it('reports unqualified elements but not inside Other', () => {
    const bare = mutate(
      POLL_REQUEST(),
      '<ekmi:SymkeyRequestID>10514-2-4712</ekmi:SymkeyRequestID>',
      '<SymkeyRequestID>10514-2-4712</SymkeyRequestID>',
    );
    expect(findingsOf(bare)[0]).toMatchObject({
      code: 'SEM_UNQUALIFIED_ELEMENT',
      path: '/SymkeyRequest/SymkeyRequestID[2]',
    });
    const other = mutate(
      RESPONSE(),
      '</ekmi:PermittedUses>\n      </ekmi:Permissions>',
      '</ekmi:PermittedUses><ekmi:Other><note>x</note></ekmi:Other></ekmi:Permissions>',
    );
    expect(codesOf(other)).toEqual([]);
  });
});
