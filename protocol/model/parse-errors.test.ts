import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import { ModelError } from './model-error.ts';
import { parseKeyCachePolicyRequest, parseKeyCachePolicyResponse } from './parse/parse-key-cache-policy.ts';
import { parseSksmlMessage } from './parse/parse-message.ts';
import { parseSymkeyRequest } from './parse/parse-symkey-request.ts';
import { parseSymkeyResponse } from './parse/parse-symkey-response.ts';

const NS =
  'xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const ANY = (name: string): string => `<ekmi:${name} ekmi:any="true" xsi:nil="true"/>`;

const PERMISSIONS_OPEN = [
  'PermittedApplications',
  'PermittedDates',
  'PermittedDays',
  'PermittedDuration',
  'PermittedLevels',
  'PermittedLocations',
  'PermittedNumberOfTransactions',
  'PermittedTimes',
  'PermittedUses',
]
  .map(ANY)
  .join('\n');

function symkey(requestId: string, keyId: string, permissions = PERMISSIONS_OPEN): string {
  return `<ekmi:Symkey>
  <ekmi:SymkeyRequestID>10514-1-${requestId}</ekmi:SymkeyRequestID>
  <ekmi:GlobalKeyID>10514-1-${keyId}</ekmi:GlobalKeyID>
  <ekmi:KeyUsePolicy>
    <ekmi:KeyUsePolicyID>10514-7</ekmi:KeyUsePolicyID>
    <ekmi:PolicyName>Payroll</ekmi:PolicyName>
    <ekmi:KeyClass>HR</ekmi:KeyClass>
    <ekmi:KeyAlgorithm>http://www.w3.org/2001/04/xmlenc#aes256-cbc</ekmi:KeyAlgorithm>
    <ekmi:KeySize>256</ekmi:KeySize>
    <ekmi:Status>Active</ekmi:Status>
    <ekmi:Permissions>
${permissions}
    </ekmi:Permissions>
  </ekmi:KeyUsePolicy>
  <ekmi:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p">
    <ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>
  </ekmi:EncryptionMethod>
  <xenc:CipherData><xenc:CipherValue>AAECAw==</xenc:CipherValue></xenc:CipherData>
</ekmi:Symkey>`;
}

const DATES_RESTRICTED = PERMISSIONS_OPEN.replace(
  ANY('PermittedDates'),
  `<ekmi:PermittedDates ekmi:any="false"><ekmi:PermittedDate><ekmi:StartDate>2024-01-01</ekmi:StartDate><ekmi:EndDate>2024-12-31</ekmi:EndDate></ekmi:PermittedDate></ekmi:PermittedDates>`,
);

const RESPONSE = `<ekmi:SymkeyResponse ${NS}>
${symkey('1', '100')}
${symkey('2', '101', DATES_RESTRICTED)}
<ekmi:SymkeyWorkInProgress>
  <ekmi:RequestedGlobalKeyID>10514-0-0</ekmi:RequestedGlobalKeyID>
  <ekmi:RequestedKeyClass>HR</ekmi:RequestedKeyClass>
  <ekmi:SymkeyRequestID>10514-1-3</ekmi:SymkeyRequestID>
  <ekmi:RequestCheckInterval>60</ekmi:RequestCheckInterval>
</ekmi:SymkeyWorkInProgress>
<ekmi:SymkeyError>
  <ekmi:SymkeyRequestID>10514-1-4</ekmi:SymkeyRequestID>
  <ekmi:RequestedGlobalKeyID>10514-1-999</ekmi:RequestedGlobalKeyID>
  <ekmi:ErrorCode>SKS-100004</ekmi:ErrorCode>
  <ekmi:ErrorMessage>Unauthorized request for key</ekmi:ErrorMessage>
</ekmi:SymkeyError>
</ekmi:SymkeyResponse>`;

/** Replaces the n-th (1-based) occurrence of `find`. */
function replaceNth(text: string, find: string, replacement: string, n = 1): string {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(find, at + 1);
    if (at < 0) throw new Error(`occurrence ${n} of ${find} not found`);
  }
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}

function failure(run: () => unknown): ModelError {
  try {
    run();
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('expected a ModelError, but parsing succeeded');
}

const response = (xml: string): ModelError => failure(() => parseSymkeyResponse(parseXml(xml).root));

describe('the base documents parse', () => {
  it('SymkeyResponse with two keys, a work-in-progress entry and an error', () => {
    const r = parseSymkeyResponse(parseXml(RESPONSE).root);
    expect(r.symkeys).toHaveLength(2);
    expect(r.symkeys[1]!.keyUsePolicy.permissions.permittedDates).toEqual({
      any: false,
      dates: [{ startDate: '2024-01-01', endDate: '2024-12-31' }],
    });
    expect(r.symkeys[0]!.encryptionMethod.digestMethod).toBe('http://www.w3.org/2000/09/xmldsig#sha1');
    expect(r.symkeys[0]!.cipherData).toEqual({ kind: 'value', cipherValue: new Uint8Array([0, 1, 2, 3]) });
    expect(r.workInProgress[0]!.requestedGlobalKeyId).toEqual({ domainId: 10514n, serverId: 0n, keyId: 0n });
    expect(r.errors[0]!.errorCode).toBe('SKS-100004');
  });
});

describe('SymkeyResponse parse errors carry code, path and requirement', () => {
  const P2 = '/SymkeyResponse/Symkey[2]/KeyUsePolicy/Permissions';
  const cases: [string, (x: string) => string, string, string, string | undefined][] = [
    [
      'any="true" without xsi:nil',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedDays ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedDays ekmi:any="true"/>',
          2,
        ),
      'MODEL_ANY_NIL_VIOLATION',
      `${P2}/PermittedDays`,
      'SKSML-MSG-21',
    ],
    [
      'any="true" with a child',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedDays ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedDays ekmi:any="true" xsi:nil="true"><ekmi:PermittedDay>Monday</ekmi:PermittedDay></ekmi:PermittedDays>',
          2,
        ),
      'MODEL_ANY_NIL_VIOLATION',
      `${P2}/PermittedDays`,
      'SKSML-MSG-23',
    ],
    [
      'any="true" with a value',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedDuration ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedDuration ekmi:any="true" xsi:nil="true">5</ekmi:PermittedDuration>',
          2,
        ),
      'MODEL_ANY_NIL_VIOLATION',
      `${P2}/PermittedDuration`,
      'SKSML-MSG-21',
    ],
    [
      'any="false" with xsi:nil',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedDates ekmi:any="false">',
          '<ekmi:PermittedDates ekmi:any="false" xsi:nil="true">',
        ),
      'MODEL_ANY_NIL_VIOLATION',
      `${P2}/PermittedDates`,
      'SKSML-MSG-22',
    ],
    [
      'any="false" and empty',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedLevels ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedLevels ekmi:any="false"/>',
          2,
        ),
      'MODEL_ANY_NIL_VIOLATION',
      `${P2}/PermittedLevels`,
      'SKSML-MSG-22',
    ],
    [
      'any="false" duration without a value',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedDuration ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedDuration ekmi:any="false"> </ekmi:PermittedDuration>',
          2,
        ),
      'MODEL_ANY_NIL_VIOLATION',
      `${P2}/PermittedDuration`,
      'SKSML-MSG-22',
    ],
    [
      'missing ekmi:any',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedTimes ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedTimes xsi:nil="true"/>',
          2,
        ),
      'MODEL_MISSING_ATTRIBUTE',
      `${P2}/PermittedTimes/@any`,
      'SKSML-MSG-20',
    ],
    [
      'unprefixed any',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedTimes ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedTimes any="true" xsi:nil="true"/>',
        ),
      'MODEL_UNEXPECTED_ATTRIBUTE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/Permissions/PermittedTimes/@any',
      undefined,
    ],
    [
      'any="yes"',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PermittedUses ekmi:any="true" xsi:nil="true"/>',
          '<ekmi:PermittedUses ekmi:any="yes" xsi:nil="true"/>',
          2,
        ),
      'MODEL_INVALID_VALUE',
      `${P2}/PermittedUses/@any`,
      'SKSML-MSG-20',
    ],
    [
      'permission missing',
      (x) => replaceNth(x, ANY('PermittedLocations'), '', 2),
      'MODEL_MISSING_ELEMENT',
      `${P2}/PermittedLocations`,
      'SKSML-MSG-19',
    ],
    [
      'permissions misordered',
      (x) =>
        replaceNth(
          x,
          `${ANY('PermittedDays')}\n${ANY('PermittedDuration')}`,
          `${ANY('PermittedDuration')}\n${ANY('PermittedDays')}`,
          2,
        ),
      'MODEL_UNEXPECTED_ELEMENT',
      `${P2}/PermittedDuration`,
      'SKSML-MSG-19',
    ],
    [
      'date without zero padding',
      (x) => replaceNth(x, '2024-12-31', '2024-12-1'),
      'MODEL_INVALID_VALUE',
      `${P2}/PermittedDates/PermittedDate[1]/EndDate`,
      'SKSML-MSG-24',
    ],
    [
      'impossible date',
      (x) => replaceNth(x, '2024-12-31', '2023-02-29'),
      'MODEL_INVALID_VALUE',
      `${P2}/PermittedDates/PermittedDate[1]/EndDate`,
      'SKSML-MSG-24',
    ],
    [
      'unknown KeyAlgorithm',
      (x) => replaceNth(x, 'xmlenc#aes256-cbc', 'xmlenc11#aes256-gcm', 2),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[2]/KeyUsePolicy/KeyAlgorithm',
      'SKSML-MSG-16',
    ],
    [
      'KeySize 512',
      (x) => replaceNth(x, '<ekmi:KeySize>256</ekmi:KeySize>', '<ekmi:KeySize>512</ekmi:KeySize>'),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/KeySize',
      'SKSML-MSG-17',
    ],
    [
      'status with a trailing space',
      (x) => replaceNth(x, '<ekmi:Status>Active</ekmi:Status>', '<ekmi:Status>Active </ekmi:Status>'),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/Status',
      'SKSML-MSG-18',
    ],
    [
      'PolicyName longer than 255 characters (astral characters count once)',
      (x) => replaceNth(x, 'Payroll', '\u{1F511}'.repeat(256)),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/PolicyName',
      'SKSML-MSG-15',
    ],
    [
      'Symkey with the new-key sentinel',
      (x) =>
        replaceNth(
          x,
          '<ekmi:GlobalKeyID>10514-1-101</ekmi:GlobalKeyID>',
          '<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID>',
        ),
      'MODEL_INVALID_ID',
      '/SymkeyResponse/Symkey[2]/GlobalKeyID',
      'SKSML-MSG-10',
    ],
    [
      'GlobalKeyID with a leading zero',
      (x) => replaceNth(x, '10514-1-100', '10514-1-0100'),
      'MODEL_INVALID_ID',
      '/SymkeyResponse/Symkey[1]/GlobalKeyID',
      'SKSML-MSG-5',
    ],
    [
      'GlobalKeyID above 2^64-1',
      (x) => replaceNth(x, '10514-1-100', '10514-1-18446744073709551616'),
      'MODEL_INVALID_ID',
      '/SymkeyResponse/Symkey[1]/GlobalKeyID',
      'SKSML-MSG-5',
    ],
    [
      'SymkeyRequestID with a zero part',
      (x) =>
        replaceNth(
          x,
          '<ekmi:SymkeyRequestID>10514-1-3</ekmi:SymkeyRequestID>',
          '<ekmi:SymkeyRequestID>10514-0-3</ekmi:SymkeyRequestID>',
        ),
      'MODEL_INVALID_ID',
      '/SymkeyResponse/SymkeyWorkInProgress[1]/SymkeyRequestID',
      'SKSML-MSG-6',
    ],
    [
      'RequestCheckInterval below 60',
      (x) => replaceNth(x, '<ekmi:RequestCheckInterval>60<', '<ekmi:RequestCheckInterval>59<'),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/SymkeyWorkInProgress[1]/RequestCheckInterval',
      'SKSML-MSG-14',
    ],
    [
      'error before work in progress',
      (x) => {
        const wip = x.slice(x.indexOf('<ekmi:SymkeyWorkInProgress>'), x.indexOf('<ekmi:SymkeyError>'));
        return x.replace(wip, '').replace('</ekmi:SymkeyResponse>', `${wip}</ekmi:SymkeyResponse>`);
      },
      'MODEL_UNEXPECTED_ELEMENT',
      '/SymkeyResponse/SymkeyWorkInProgress',
      'SKSML-MSG-8',
    ],
    [
      'ErrorCode missing',
      (x) => replaceNth(x, '<ekmi:ErrorCode>SKS-100004</ekmi:ErrorCode>', ''),
      'MODEL_MISSING_ELEMENT',
      '/SymkeyResponse/SymkeyError[1]/ErrorCode',
      'SKSML-MSG-12',
    ],
    [
      'text in element-only content',
      (x) => replaceNth(x, '<ekmi:KeyUsePolicyID>', 'stray<ekmi:KeyUsePolicyID>', 2),
      'MODEL_UNEXPECTED_TEXT',
      '/SymkeyResponse/Symkey[2]/KeyUsePolicy',
      undefined,
    ],
    [
      'element in the wrong namespace',
      (x) =>
        replaceNth(
          x,
          '<ekmi:PolicyName>Payroll</ekmi:PolicyName>',
          '<xenc:PolicyName>Payroll</xenc:PolicyName>',
        ),
      'MODEL_UNEXPECTED_ELEMENT',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/PolicyName',
      'SKSML-MSG-1',
    ],
    [
      'EncryptionMethod without Algorithm',
      (x) =>
        replaceNth(
          x,
          '<ekmi:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p">',
          '<ekmi:EncryptionMethod>',
        ),
      'MODEL_MISSING_ATTRIBUTE',
      '/SymkeyResponse/Symkey[1]/EncryptionMethod/@Algorithm',
      'SKSML-MSG-11',
    ],
    [
      'CipherValue that is not base64',
      (x) => replaceNth(x, 'AAECAw==', 'AAECA*==', 2),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[2]/CipherData/CipherValue',
      undefined,
    ],
    [
      'CipherData empty',
      (x) => replaceNth(x, '<xenc:CipherValue>AAECAw==</xenc:CipherValue>', ''),
      'MODEL_MISSING_ELEMENT',
      '/SymkeyResponse/Symkey[1]/CipherData/CipherValue',
      'SKSML-MSG-9',
    ],
    [
      'unknown attribute',
      (x) => replaceNth(x, '<ekmi:Symkey>', '<ekmi:Symkey id="k1">', 2),
      'MODEL_UNEXPECTED_ATTRIBUTE',
      '/SymkeyResponse/Symkey[2]/@id',
      undefined,
    ],
    [
      'empty response',
      () => `<ekmi:SymkeyResponse ${NS}/>`,
      'MODEL_MISSING_ELEMENT',
      '/SymkeyResponse/Symkey',
      'SKSML-MSG-8',
    ],
  ];

  it.each(cases)('%s', (_name, mutate, code, path, requirement) => {
    const mutated = mutate(RESPONSE);
    expect(mutated).not.toBe(RESPONSE);
    const e = response(mutated);
    expect({ code: e.code, path: e.path, requirement: e.requirement }).toEqual({ code, path, requirement });
    expect(e.message).toContain(path);
    expect(e.position).not.toBeNull();
  });
});

describe('SymkeyRequest parse errors', () => {
  const req = (body: string): ModelError =>
    failure(() =>
      parseSymkeyRequest(parseXml(`<ekmi:SymkeyRequest ${NS}>${body}</ekmi:SymkeyRequest>`).root),
    );

  it('parses both choices', () => {
    const keys = parseSymkeyRequest(
      parseXml(
        `<ekmi:SymkeyRequest ${NS}><ekmi:GlobalKeyID> 10514-0-0 </ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass>HR</ekmi:KeyClass><ekmi:KeyClass></ekmi:KeyClass></ekmi:KeyClasses><ekmi:X509EncryptionCertificate>MIIB
AA==</ekmi:X509EncryptionCertificate></ekmi:SymkeyRequest>`,
      ).root,
    );
    expect(keys).toEqual({
      kind: 'keys',
      globalKeyIds: [{ domainId: 10514n, serverId: 0n, keyId: 0n }],
      keyClasses: ['HR', ''],
      x509EncryptionCertificate: new Uint8Array([0x30, 0x82, 0x01, 0x00]),
    });
    const poll = parseSymkeyRequest(
      parseXml(
        `<SymkeyRequest xmlns="http://docs.oasis-open.org/ekmi/2008/01"><SymkeyRequestID>1-2-3</SymkeyRequestID></SymkeyRequest>`,
      ).root,
    );
    expect(poll).toEqual({ kind: 'poll', symkeyRequestIds: [{ domainId: 1n, serverId: 2n, requestId: 3n }] });
  });

  it.each([
    ['empty', '', 'MODEL_MISSING_ELEMENT', '/SymkeyRequest/GlobalKeyID', 'SKSML-MSG-2'],
    [
      'both choices',
      '<ekmi:GlobalKeyID>1-0-0</ekmi:GlobalKeyID><ekmi:SymkeyRequestID>1-1-1</ekmi:SymkeyRequestID>',
      'MODEL_UNEXPECTED_ELEMENT',
      '/SymkeyRequest/SymkeyRequestID',
      'SKSML-MSG-2',
    ],
    [
      'empty KeyClasses',
      '<ekmi:GlobalKeyID>1-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses/>',
      'MODEL_MISSING_ELEMENT',
      '/SymkeyRequest/KeyClasses/KeyClass',
      'SKSML-MSG-3',
    ],
    [
      'KeyClass of 256 characters',
      `<ekmi:GlobalKeyID>1-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass>a</ekmi:KeyClass><ekmi:KeyClass>${'x'.repeat(256)}</ekmi:KeyClass></ekmi:KeyClasses>`,
      'MODEL_INVALID_VALUE',
      '/SymkeyRequest/KeyClasses/KeyClass[2]',
      'SKSML-MSG-4',
    ],
    [
      'certificate before KeyClasses',
      '<ekmi:GlobalKeyID>1-0-0</ekmi:GlobalKeyID><ekmi:X509EncryptionCertificate>AA==</ekmi:X509EncryptionCertificate><ekmi:KeyClasses><ekmi:KeyClass>a</ekmi:KeyClass></ekmi:KeyClasses>',
      'MODEL_UNEXPECTED_ELEMENT',
      '/SymkeyRequest/KeyClasses',
      'SKSML-MSG-2',
    ],
    [
      'empty certificate',
      '<ekmi:GlobalKeyID>1-0-0</ekmi:GlobalKeyID><ekmi:X509EncryptionCertificate/>',
      'MODEL_INVALID_VALUE',
      '/SymkeyRequest/X509EncryptionCertificate',
      'SKSML-MSG-7',
    ],
    [
      'second GlobalKeyID invalid',
      '<ekmi:GlobalKeyID>1-0-0</ekmi:GlobalKeyID><ekmi:GlobalKeyID>1-x-0</ekmi:GlobalKeyID>',
      'MODEL_INVALID_ID',
      '/SymkeyRequest/GlobalKeyID[2]',
      'SKSML-MSG-5',
    ],
  ])('%s', (_name, body, code, path, requirement) => {
    const e = req(body);
    expect({ code: e.code, path: e.path, requirement: e.requirement }).toEqual({ code, path, requirement });
  });

  it('refuses a root in another namespace (SKSML-MSG-1)', () => {
    const e = failure(() => parseSymkeyRequest(parseXml('<SymkeyRequest xmlns="urn:other"/>').root));
    expect([e.code, e.path, e.requirement]).toEqual([
      'MODEL_UNEXPECTED_ELEMENT',
      '/SymkeyRequest',
      'SKSML-MSG-1',
    ]);
    const d = failure(() => parseSksmlMessage(parseXml('<SymkeyRequest/>').root));
    expect([d.code, d.requirement]).toEqual(['MODEL_UNEXPECTED_ELEMENT', 'SKSML-MSG-1']);
    const u = failure(() => parseSksmlMessage(parseXml(`<ekmi:Symkey ${NS}/>`).root));
    expect(u.code).toBe('MODEL_UNEXPECTED_ELEMENT');
  });
});

describe('key cache policy parse errors', () => {
  const POLICY = `<ekmi:KeyCachePolicyResponse ${NS}><ekmi:KeyCachePolicy>
<ekmi:KeyCachePolicyID>10514-2</ekmi:KeyCachePolicyID><ekmi:PolicyName>P</ekmi:PolicyName>
<ekmi:Description xsi:nil="true"/><ekmi:KeyClass>HR</ekmi:KeyClass>
<ekmi:StartDate>2024-01-01T00:00:00Z</ekmi:StartDate><ekmi:EndDate xsi:nil="true"></ekmi:EndDate>
<ekmi:PolicyCheckInterval>0</ekmi:PolicyCheckInterval><ekmi:Status>Default</ekmi:Status>
<ekmi:UsedKeysCacheDetail><ekmi:MaximumKeys>0</ekmi:MaximumKeys><ekmi:MaximumDuration>18446744073709551615</ekmi:MaximumDuration></ekmi:UsedKeysCacheDetail>
</ekmi:KeyCachePolicy></ekmi:KeyCachePolicyResponse>`;
  const kcp = (xml: string): ModelError => failure(() => parseKeyCachePolicyResponse(parseXml(xml).root));

  it('parses nil Description/EndDate and an optional detail', () => {
    const r = parseKeyCachePolicyResponse(parseXml(POLICY).root);
    expect(r.keyCachePolicies[0]).toEqual({
      keyCachePolicyId: { domainId: 10514n, localId: 2n },
      policyName: 'P',
      description: null,
      keyClass: 'HR',
      startDate: '2024-01-01T00:00:00Z',
      endDate: null,
      policyCheckInterval: 0,
      status: 'Default',
      usedKeysCacheDetail: { maximumKeys: 0n, maximumDuration: 18446744073709551615n },
    });
  });

  it.each([
    [
      'interval above 30 days',
      (x: string) => x.replace('>0</ekmi:PolicyCheckInterval>', '>2592001</ekmi:PolicyCheckInterval>'),
      'MODEL_INVALID_VALUE',
      '/KeyCachePolicyResponse/KeyCachePolicy[1]/PolicyCheckInterval',
      'SKSML-MSG-34',
    ],
    [
      'nil with content',
      (x: string) =>
        x.replace(
          '<ekmi:Description xsi:nil="true"/>',
          '<ekmi:Description xsi:nil="true">x</ekmi:Description>',
        ),
      'MODEL_INVALID_VALUE',
      '/KeyCachePolicyResponse/KeyCachePolicy[1]/Description',
      undefined,
    ],
    [
      'bad dateTime',
      (x: string) => x.replace('2024-01-01T00:00:00Z', '2024-01-01 00:00:00'),
      'MODEL_INVALID_VALUE',
      '/KeyCachePolicyResponse/KeyCachePolicy[1]/StartDate',
      'SKSML-MSG-33',
    ],
    [
      'detail without duration',
      (x: string) => x.replace('<ekmi:MaximumDuration>18446744073709551615</ekmi:MaximumDuration>', ''),
      'MODEL_MISSING_ELEMENT',
      '/KeyCachePolicyResponse/KeyCachePolicy[1]/UsedKeysCacheDetail/MaximumDuration',
      'SKSML-MSG-35',
    ],
    [
      'limit above 2^64-1',
      (x: string) => x.replace('18446744073709551615', '18446744073709551616'),
      'MODEL_INVALID_VALUE',
      '/KeyCachePolicyResponse/KeyCachePolicy[1]/UsedKeysCacheDetail/MaximumDuration',
      'SKSML-MSG-35',
    ],
    [
      'details swapped',
      (x: string) =>
        x
          .replace(/UsedKeysCacheDetail/g, 'NewKeysCacheDetail')
          .replace(
            '</ekmi:KeyCachePolicy>',
            '<ekmi:NewKeysCacheDetail><ekmi:MaximumKeys>1</ekmi:MaximumKeys><ekmi:MaximumDuration>1</ekmi:MaximumDuration></ekmi:NewKeysCacheDetail></ekmi:KeyCachePolicy>',
          ),
      'MODEL_UNEXPECTED_ELEMENT',
      '/KeyCachePolicyResponse/KeyCachePolicy[1]/NewKeysCacheDetail',
      'SKSML-MSG-33',
    ],
    [
      'no policy',
      () => `<ekmi:KeyCachePolicyResponse ${NS}/>`,
      'MODEL_MISSING_ELEMENT',
      '/KeyCachePolicyResponse/KeyCachePolicy',
      'SKSML-MSG-32',
    ],
  ])('%s', (_name, mutate, code, path, requirement) => {
    const e = kcp(mutate(POLICY));
    expect({ code: e.code, path: e.path, requirement: e.requirement }).toEqual({ code, path, requirement });
  });

  it('KeyCachePolicyRequest must be empty and attribute-free (SKSML-MSG-31)', () => {
    expect(
      parseKeyCachePolicyRequest(
        parseXml(`<ekmi:KeyCachePolicyRequest ${NS}> <!-- c --> </ekmi:KeyCachePolicyRequest>`).root,
      ),
    ).toEqual({});
    const child = failure(() =>
      parseKeyCachePolicyRequest(
        parseXml(`<ekmi:KeyCachePolicyRequest ${NS}><ds:Signature/></ekmi:KeyCachePolicyRequest>`).root,
      ),
    );
    expect([child.code, child.path, child.requirement]).toEqual([
      'MODEL_UNEXPECTED_ELEMENT',
      '/KeyCachePolicyRequest/Signature',
      'SKSML-MSG-31',
    ]);
    const attr = failure(() =>
      parseKeyCachePolicyRequest(parseXml(`<ekmi:KeyCachePolicyRequest ${NS} Id="b"/>`).root),
    );
    expect([attr.code, attr.path, attr.requirement]).toEqual([
      'MODEL_UNEXPECTED_ATTRIBUTE',
      '/KeyCachePolicyRequest/@Id',
      'SKSML-MSG-31',
    ]);
  });
});
