/** Typed SKSML messages to XML text (fixed prefixes ekmi, xenc, ds, xsi; UTF-8 text). */
import { writeXml, type WriteXmlOptions, type WriterElement } from '../../xml/writer.ts';
import type { KeyCachePolicy, KeyCachePolicyRequest, KeyCachePolicyResponse } from '../key-cache-policy.ts';
import { STATUSES } from '../enumerations.ts';
import type { SksmlMessage } from '../message.ts';
import { ModelError } from '../model-error.ts';
import { SKSML_PREFIXES } from '../namespaces.ts';
import { formatBase64, parseDateTime } from '../parse/lexical.ts';
import type { SymkeyRequest } from '../symkey-request.ts';
import type { SymkeyResponse } from '../symkey-response.ts';
import {
  XSI_NIL_TRUE,
  ekmi,
  ekmiText,
  globalKeyIdElement,
  symkeyRequestIdElement,
  twoPartIdElement,
} from './build-common.ts';
import { buildSymkey, buildSymkeyError, buildSymkeyWorkInProgress } from './build-symkey.ts';
import {
  checkBigint,
  checkBytes,
  checkInteger,
  checkLexical,
  checkNonEmpty,
  checkOneOf,
  checkString,
  invalid,
} from './checks.ts';

const MAX_U64 = 18446744073709551615n;

/** Options of the serialize… functions: indentation and the XML declaration (both off by default). */
export type SerializeOptions = Pick<WriteXmlOptions, 'indent' | 'xmlDeclaration'>;

export function buildSymkeyRequest(m: SymkeyRequest): WriterElement {
  const path = '/SymkeyRequest';
  if (m.kind === 'poll')
    return ekmi(
      'SymkeyRequest',
      checkNonEmpty(`${path}/SymkeyRequestID`, m.symkeyRequestIds, 'SKSML-MSG-2').map((id, i) =>
        symkeyRequestIdElement(id, `${path}/SymkeyRequestID[${i + 1}]`),
      ),
    );
  if (m.kind !== 'keys') throw invalid(path, 'kind must be keys or poll', 'SKSML-MSG-2');
  const classes = m.keyClasses;
  return ekmi('SymkeyRequest', [
    ...checkNonEmpty(`${path}/GlobalKeyID`, m.globalKeyIds, 'SKSML-MSG-2').map((id, i) =>
      globalKeyIdElement('GlobalKeyID', id, `${path}/GlobalKeyID[${i + 1}]`),
    ),
    classes !== undefined &&
      ekmi(
        'KeyClasses',
        checkNonEmpty(`${path}/KeyClasses/KeyClass`, classes, 'SKSML-MSG-3').map((k, i) =>
          ekmiText('KeyClass', checkString(`${path}/KeyClasses/KeyClass[${i + 1}]`, k, 255, 'SKSML-MSG-4')),
        ),
      ),
    m.x509EncryptionCertificate !== undefined &&
      ekmiText(
        'X509EncryptionCertificate',
        formatBase64(nonEmptyBytes(`${path}/X509EncryptionCertificate`, m.x509EncryptionCertificate)),
      ),
  ]);
}

function nonEmptyBytes(path: string, bytes: Uint8Array): Uint8Array {
  checkBytes(path, bytes, Infinity, 'SKSML-MSG-7');
  if (bytes.length === 0) throw invalid(path, 'the certificate is empty', 'SKSML-MSG-7');
  return bytes;
}

export function buildSymkeyResponse(m: SymkeyResponse): WriterElement {
  const path = '/SymkeyResponse';
  const total = m.symkeys.length + m.workInProgress.length + m.errors.length;
  if (total === 0)
    throw new ModelError(
      'MODEL_MISSING_ELEMENT',
      'cannot serialize: a SymkeyResponse needs at least one item',
      `${path}/Symkey`,
      {
        requirement: 'SKSML-MSG-8',
      },
    );
  return ekmi('SymkeyResponse', [
    ...m.symkeys.map((s, i) => buildSymkey(s, `${path}/Symkey[${i + 1}]`)),
    ...m.workInProgress.map((w, i) => buildSymkeyWorkInProgress(w, `${path}/SymkeyWorkInProgress[${i + 1}]`)),
    ...m.errors.map((e, i) => buildSymkeyError(e, `${path}/SymkeyError[${i + 1}]`)),
  ]);
}

export function buildKeyCachePolicyRequest(_m: KeyCachePolicyRequest = {}): WriterElement {
  return ekmi('KeyCachePolicyRequest');
}

function buildKeyCachePolicy(p: KeyCachePolicy, path: string): WriterElement {
  const detail = (name: string, d: KeyCachePolicy['newKeysCacheDetail']): WriterElement | undefined =>
    d === undefined
      ? undefined
      : ekmi(name, [
          ekmiText(
            'MaximumKeys',
            checkBigint(`${path}/${name}/MaximumKeys`, d.maximumKeys, 0n, MAX_U64, 'SKSML-MSG-35'),
          ),
          ekmiText(
            'MaximumDuration',
            checkBigint(`${path}/${name}/MaximumDuration`, d.maximumDuration, 0n, MAX_U64, 'SKSML-MSG-35'),
          ),
        ]);
  const dateTime = (name: string, v: string): string =>
    checkLexical(
      `${path}/${name}`,
      () => {
        const parsed = parseDateTime(v);
        if (parsed !== v) throw invalid(`${path}/${name}`, 'dateTime has surrounding whitespace');
        return parsed;
      },
      'SKSML-MSG-33',
    );
  return ekmi('KeyCachePolicy', [
    twoPartIdElement('KeyCachePolicyID', p.keyCachePolicyId, `${path}/KeyCachePolicyID`),
    ekmiText('PolicyName', checkString(`${path}/PolicyName`, p.policyName, 255, 'SKSML-MSG-33')),
    p.description === null
      ? ekmi('Description', [], [XSI_NIL_TRUE])
      : ekmiText('Description', checkString(`${path}/Description`, p.description, 2048, 'SKSML-MSG-33')),
    ekmiText('KeyClass', checkString(`${path}/KeyClass`, p.keyClass, 255, 'SKSML-MSG-4')),
    ekmiText('StartDate', dateTime('StartDate', p.startDate)),
    p.endDate === null
      ? ekmi('EndDate', [], [XSI_NIL_TRUE])
      : ekmiText('EndDate', dateTime('EndDate', p.endDate)),
    ekmiText(
      'PolicyCheckInterval',
      checkInteger(`${path}/PolicyCheckInterval`, p.policyCheckInterval, 0, 2592000, 'SKSML-MSG-34'),
    ),
    ekmiText('Status', checkOneOf(`${path}/Status`, p.status, STATUSES, 'SKSML-MSG-18')),
    detail('NewKeysCacheDetail', p.newKeysCacheDetail),
    detail('UsedKeysCacheDetail', p.usedKeysCacheDetail),
  ]);
}

export function buildKeyCachePolicyResponse(m: KeyCachePolicyResponse): WriterElement {
  const path = '/KeyCachePolicyResponse';
  return ekmi(
    'KeyCachePolicyResponse',
    checkNonEmpty(`${path}/KeyCachePolicy`, m.keyCachePolicies, 'SKSML-MSG-32').map((p, i) =>
      buildKeyCachePolicy(p, `${path}/KeyCachePolicy[${i + 1}]`),
    ),
  );
}

export function buildSksmlMessage(m: SksmlMessage): WriterElement {
  switch (m.type) {
    case 'SymkeyRequest':
      return buildSymkeyRequest(m.message);
    case 'SymkeyResponse':
      return buildSymkeyResponse(m.message);
    case 'KeyCachePolicyRequest':
      return buildKeyCachePolicyRequest(m.message);
    case 'KeyCachePolicyResponse':
      return buildKeyCachePolicyResponse(m.message);
  }
}

function write(root: WriterElement, options: SerializeOptions): string {
  return writeXml(root, { ...options, prefixes: SKSML_PREFIXES });
}

export function serializeSymkeyRequest(m: SymkeyRequest, options: SerializeOptions = {}): string {
  return write(buildSymkeyRequest(m), options);
}

export function serializeSymkeyResponse(m: SymkeyResponse, options: SerializeOptions = {}): string {
  return write(buildSymkeyResponse(m), options);
}

export function serializeKeyCachePolicyRequest(
  m: KeyCachePolicyRequest = {},
  options: SerializeOptions = {},
): string {
  return write(buildKeyCachePolicyRequest(m), options);
}

export function serializeKeyCachePolicyResponse(
  m: KeyCachePolicyResponse,
  options: SerializeOptions = {},
): string {
  return write(buildKeyCachePolicyResponse(m), options);
}

export function serializeSksmlMessage(m: SksmlMessage, options: SerializeOptions = {}): string {
  return write(buildSksmlMessage(m), options);
}
