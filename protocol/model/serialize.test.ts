import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import {
  buildKeyCachePolicy,
  buildKeyUsePolicy,
  buildNewKeyRequest,
  buildPollRequest,
  buildSymkey,
  buildSymkeyError,
  buildSymkeyWorkInProgress,
  buildUnrestrictedPermissions,
} from '../testkit/builders.ts';
import { createXmlElement } from '../testkit/arbitraries/raw-elements.ts';
import { ModelError } from './model-error.ts';
import { DS_NS, SKSML_NS } from './namespaces.ts';
import { parseSymkeyResponse } from './parse/parse-symkey-response.ts';
import type { Symkey } from './symkey.ts';
import type { SymkeyResponse } from './symkey-response.ts';
import {
  serializeKeyCachePolicyRequest,
  serializeKeyCachePolicyResponse,
  serializeSymkeyRequest,
  serializeSymkeyResponse,
} from './serialize/serialize-messages.ts';

const EKMI = 'xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"';

function failure(run: () => unknown): ModelError {
  try {
    run();
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('expected a ModelError');
}

const KEY: Symkey = buildSymkey({
  symkeyRequestId: { domainId: 10514n, serverId: 1n, requestId: 9n },
  globalKeyId: { domainId: 10514n, serverId: 1n, keyId: 42n },
  cipherValue: new Uint8Array([1, 2, 3]),
});

describe('serialize output', () => {
  it('writes a new-key request with fixed prefixes and no pretty-printing', () => {
    expect(serializeSymkeyRequest(buildNewKeyRequest(10514n, ['HR', 'R&D']))).toBe(
      `<ekmi:SymkeyRequest ${EKMI}><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass>HR</ekmi:KeyClass><ekmi:KeyClass>R&amp;D</ekmi:KeyClass></ekmi:KeyClasses></ekmi:SymkeyRequest>`,
    );
    expect(serializeSymkeyRequest(buildPollRequest([{ domainId: 1n, serverId: 2n, requestId: 3n }]))).toBe(
      `<ekmi:SymkeyRequest ${EKMI}><ekmi:SymkeyRequestID>1-2-3</ekmi:SymkeyRequestID></ekmi:SymkeyRequest>`,
    );
    expect(serializeKeyCachePolicyRequest()).toBe(`<ekmi:KeyCachePolicyRequest ${EKMI}/>`);
  });

  it('writes unrestricted permissions as ekmi:any="true" xsi:nil="true"', () => {
    const xml = serializeSymkeyResponse({ symkeys: [KEY], workInProgress: [], errors: [] }, { indent: '  ' });
    expect(xml).toContain('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
    expect(xml).toContain('<ekmi:PermittedDates ekmi:any="true" xsi:nil="true"/>');
    expect(xml).toContain('<xenc:CipherData>\n      <xenc:CipherValue>AQID</xenc:CipherValue>');
    expect(xml).toContain('<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>');
    expect(parseSymkeyResponse(parseXml(xml).root).symkeys[0]).toEqual(KEY);
  });

  it('writes nil Description and EndDate', () => {
    const xml = serializeKeyCachePolicyResponse({ keyCachePolicies: [buildKeyCachePolicy()] });
    expect(xml).toContain('<ekmi:Description xsi:nil="true"/>');
    expect(xml).toContain('<ekmi:EndDate xsi:nil="true"/>');
  });
});

describe('serialize refuses values that would make an invalid message', () => {
  const withKey = (patch: Partial<Symkey>): SymkeyResponse => ({
    symkeys: [{ ...KEY, ...patch }],
    workInProgress: [],
    errors: [],
  });
  const kup = KEY.keyUsePolicy;

  it.each<[string, SymkeyResponse, string, string, string | undefined]>([
    [
      'empty response',
      { symkeys: [], workInProgress: [], errors: [] },
      'MODEL_MISSING_ELEMENT',
      '/SymkeyResponse/Symkey',
      'SKSML-MSG-8',
    ],
    [
      'sentinel GlobalKeyID in a Symkey',
      withKey({ globalKeyId: { domainId: 1n, serverId: 0n, keyId: 0n } }),
      'MODEL_INVALID_ID',
      '/SymkeyResponse/Symkey[1]/GlobalKeyID',
      'SKSML-MSG-10',
    ],
    [
      'zero SymkeyRequestID part',
      withKey({ symkeyRequestId: { domainId: 1n, serverId: 0n, requestId: 1n } }),
      'MODEL_INVALID_ID',
      '/SymkeyResponse/Symkey[1]/SymkeyRequestID',
      'SKSML-MSG-6',
    ],
    [
      'restricted dates without dates',
      withKey({
        keyUsePolicy: {
          ...kup,
          permissions: { ...kup.permissions, permittedDates: { any: false, dates: [] } },
        },
      }),
      'MODEL_ANY_NIL_VIOLATION',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/Permissions/PermittedDates',
      'SKSML-MSG-22',
    ],
    [
      'bad date',
      withKey({
        keyUsePolicy: {
          ...kup,
          permissions: {
            ...kup.permissions,
            permittedDates: { any: false, dates: [{ startDate: '2024-01-01', endDate: '2024-13-01' }] },
          },
        },
      }),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/Permissions/PermittedDates/PermittedDate[1]/EndDate',
      'SKSML-MSG-24',
    ],
    [
      'duration 0',
      withKey({
        keyUsePolicy: {
          ...kup,
          permissions: { ...kup.permissions, permittedDuration: { any: false, seconds: 0n } },
        },
      }),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/Permissions/PermittedDuration',
      'SKSML-MSG-26',
    ],
    [
      'PolicyName of 256 characters',
      withKey({ keyUsePolicy: { ...kup, policyName: 'p'.repeat(256) } }),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/PolicyName',
      'SKSML-MSG-15',
    ],
    [
      'KeySize 512',
      withKey({ keyUsePolicy: { ...kup, keySize: 512 as 256 } }),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/KeySize',
      'SKSML-MSG-17',
    ],
    [
      'Other slot that is not ekmi:Other',
      withKey({
        keyUsePolicy: {
          ...kup,
          permissions: { ...buildUnrestrictedPermissions(), other: createXmlElement(DS_NS, 'ds', 'Other') },
        },
      }),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/KeyUsePolicy/Permissions/Other',
      undefined,
    ],
    [
      'reserved EncryptionMethod extension',
      withKey({
        encryptionMethod: { algorithm: 'urn:x', extensions: [createXmlElement(DS_NS, 'ds', 'DigestMethod')] },
      }),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/EncryptionMethod/extension[1]',
      undefined,
    ],
    [
      'EncryptionMethod without algorithm',
      withKey({ encryptionMethod: { algorithm: '' } }),
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/Symkey[1]/EncryptionMethod/@Algorithm',
      'SKSML-MSG-11',
    ],
    [
      'ErrorMessage with a NUL character',
      {
        symkeys: [],
        workInProgress: [],
        errors: [
          buildSymkeyError(
            { domainId: 1n, serverId: 1n, requestId: 1n },
            { domainId: 1n, serverId: 0n, keyId: 0n },
            'E',
            'a\u0000',
          ),
        ],
      },
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/SymkeyError[1]/ErrorMessage',
      'SKSML-MSG-12',
    ],
    [
      'RequestCheckInterval of 30 s',
      {
        symkeys: [],
        workInProgress: [
          buildSymkeyWorkInProgress(
            { domainId: 1n, serverId: 0n, keyId: 0n },
            { domainId: 1n, serverId: 1n, requestId: 1n },
            30,
          ),
        ],
        errors: [],
      },
      'MODEL_INVALID_VALUE',
      '/SymkeyResponse/SymkeyWorkInProgress[1]/RequestCheckInterval',
      'SKSML-MSG-14',
    ],
  ])('%s', (_name, value, code, path, requirement) => {
    const e = failure(() => serializeSymkeyResponse(value));
    expect({ code: e.code, path: e.path, requirement: e.requirement }).toEqual({ code, path, requirement });
  });

  it('refuses bad requests and cache policies', () => {
    const noIds = failure(() => serializeSymkeyRequest({ kind: 'keys', globalKeyIds: [] }));
    expect([noIds.path, noIds.requirement]).toEqual(['/SymkeyRequest/GlobalKeyID', 'SKSML-MSG-2']);
    const noClasses = failure(() => serializeSymkeyRequest({ ...buildNewKeyRequest(1n), keyClasses: [] }));
    expect(noClasses.requirement).toBe('SKSML-MSG-3');
    const emptyCert = failure(() => serializeSymkeyRequest(buildNewKeyRequest(1n, [], new Uint8Array())));
    expect(emptyCert.requirement).toBe('SKSML-MSG-7');
    const interval = failure(() =>
      serializeKeyCachePolicyResponse({
        keyCachePolicies: [buildKeyCachePolicy({ policyCheckInterval: 2592001 })],
      }),
    );
    expect([interval.path, interval.requirement]).toEqual([
      '/KeyCachePolicyResponse/KeyCachePolicy[1]/PolicyCheckInterval',
      'SKSML-MSG-34',
    ]);
    const date = failure(() =>
      serializeKeyCachePolicyResponse({
        keyCachePolicies: [buildKeyCachePolicy({ startDate: '2024-01-01' })],
      }),
    );
    expect(date.path).toBe('/KeyCachePolicyResponse/KeyCachePolicy[1]/StartDate');
    const none = failure(() => serializeKeyCachePolicyResponse({ keyCachePolicies: [] }));
    expect(none.requirement).toBe('SKSML-MSG-32');
  });

  it('builders make valid values (KeySize follows KeyAlgorithm)', () => {
    expect(
      buildKeyUsePolicy({ keyAlgorithm: 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc' }).keySize,
    ).toBe(192);
    expect(buildKeyCachePolicy({ usedKeysCacheDetail: undefined })).not.toHaveProperty('usedKeysCacheDetail');
    expect(SKSML_NS).toBe('http://docs.oasis-open.org/ekmi/2008/01');
  });
});
