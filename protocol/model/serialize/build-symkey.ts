/** Symkey, SymkeyError, SymkeyWorkInProgress to writer elements. */
import type { XmlElement } from '../../xml/tree.ts';
import { attribute, element, textElement, type WriterElement } from '../../xml/writer.ts';
import { isNewKeyRequest } from '../identifiers.ts';
import { ModelError } from '../model-error.ts';
import { DS_NS, XENC11_NS, XENC_NS } from '../namespaces.ts';
import { formatBase64, parseUri } from '../parse/lexical.ts';
import type { CipherData, EncryptionMethod, Symkey, SymkeyError, SymkeyWorkInProgress } from '../symkey.ts';
import { buildKeyUsePolicy } from './build-key-use-policy.ts';
import { ekmi, ekmiText, globalKeyIdElement, symkeyRequestIdElement } from './build-common.ts';
import { checkBytes, checkInteger, checkLexical, checkString, invalid } from './checks.ts';
import { deepFreeze } from './frozen-values.ts';

function uri(path: string, value: string, requirement?: string): string {
  const v = checkLexical(path, () => parseUri(value), requirement);
  if (v !== value) throw invalid(path, 'URI has surrounding or repeated whitespace', requirement);
  return checkString(path, v, Infinity, requirement);
}

function checkExtension(el: XmlElement, path: string): XmlElement {
  const reserved =
    el?.kind !== 'element' ||
    el.namespaceURI === null ||
    el.namespaceURI === XENC_NS ||
    (el.namespaceURI === DS_NS && el.localName === 'DigestMethod') ||
    (el.namespaceURI === XENC11_NS && el.localName === 'MGF');
  if (reserved)
    throw invalid(
      path,
      'an extension must be an element of another namespace than xenc (not DigestMethod or MGF)',
    );
  return el;
}

/**
 * EncryptionMethod elements of the plain form (Algorithm, optional DigestMethod and MGF; no
 * KeySize, OAEPparams or extensions), by their three strings (algorithm → digest → mgf, absent
 * ones under `undefined`: exact keys, no joined text that two different triples could share). The
 * element is a pure function of those strings (`path` only names the place in error messages;
 * failures are never remembered), so a remembered, deeply frozen element is exactly what building
 * it again would return. A server uses one or two such methods; the maps are bounded all the same.
 */
type ByMgf = Map<string | undefined, WriterElement>;
const PLAIN_METHODS = new Map<string, Map<string | undefined, ByMgf>>();
const MAX_PLAIN_METHODS = 64;
let plainMethodCount = 0;

/** The three strings of `m` when it has the plain form, else undefined. */
function plainStrings(
  m: EncryptionMethod,
): readonly [algorithm: string, digestMethod: string | undefined, mgf: string | undefined] | undefined {
  if (m === null || typeof m !== 'object') return undefined;
  const { algorithm, digestMethod, mgf, keySize, oaepParams, extensions } = m;
  if (keySize !== undefined || oaepParams !== undefined) return undefined;
  if (extensions !== undefined && !(Array.isArray(extensions) && extensions.length === 0)) return undefined;
  if (typeof algorithm !== 'string') return undefined;
  if (digestMethod !== undefined && typeof digestMethod !== 'string') return undefined;
  if (mgf !== undefined && typeof mgf !== 'string') return undefined;
  return [algorithm, digestMethod, mgf];
}

export function buildEncryptionMethod(m: EncryptionMethod, path: string): WriterElement {
  const plain = plainStrings(m);
  if (plain === undefined) return buildEncryptionMethodElement(m, path);
  const [algorithm, digestMethod, mgf] = plain;
  const remembered = PLAIN_METHODS.get(algorithm)?.get(digestMethod)?.get(mgf);
  if (remembered !== undefined) return remembered;
  // Built from the strings read above, so the element is exactly the one its keys name.
  const copy: EncryptionMethod = {
    algorithm,
    ...(digestMethod === undefined ? {} : { digestMethod }),
    ...(mgf === undefined ? {} : { mgf }),
  };
  const built = deepFreeze(buildEncryptionMethodElement(copy, path));
  if (plainMethodCount >= MAX_PLAIN_METHODS) {
    PLAIN_METHODS.clear();
    plainMethodCount = 0;
  }
  let byDigest = PLAIN_METHODS.get(algorithm);
  if (byDigest === undefined) PLAIN_METHODS.set(algorithm, (byDigest = new Map<string | undefined, ByMgf>()));
  let byMgf = byDigest.get(digestMethod);
  if (byMgf === undefined) byDigest.set(digestMethod, (byMgf = new Map<string | undefined, WriterElement>()));
  byMgf.set(mgf, built);
  plainMethodCount += 1;
  return built;
}

/** buildEncryptionMethod without the memo: always builds (and checks) the element anew. */
export function buildEncryptionMethodElement(m: EncryptionMethod, path: string): WriterElement {
  // The element itself is in the SKSML namespace; its children are xenc, ds and xenc11.
  return ekmi(
    'EncryptionMethod',
    [
      m.keySize !== undefined &&
        textElement(
          XENC_NS,
          'KeySize',
          checkInteger(`${path}/KeySize`, m.keySize, 1, Number.MAX_SAFE_INTEGER),
        ),
      m.oaepParams !== undefined &&
        textElement(XENC_NS, 'OAEPparams', formatBase64(checkBytes(`${path}/OAEPparams`, m.oaepParams))),
      m.digestMethod !== undefined &&
        element(
          DS_NS,
          'DigestMethod',
          [],
          [attribute(null, 'Algorithm', uri(`${path}/DigestMethod/@Algorithm`, m.digestMethod))],
        ),
      m.mgf !== undefined &&
        element(XENC11_NS, 'MGF', [], [attribute(null, 'Algorithm', uri(`${path}/MGF/@Algorithm`, m.mgf))]),
      ...(m.extensions ?? []).map((e, i) => checkExtension(e, `${path}/extension[${i + 1}]`)),
    ],
    // SKSML-MSG-11: Algorithm is required.
    [attribute(null, 'Algorithm', uri(`${path}/@Algorithm`, m.algorithm, 'SKSML-MSG-11'))],
  );
}

export function buildCipherData(c: CipherData, path: string): WriterElement {
  if (c.kind === 'value')
    return element(XENC_NS, 'CipherData', [
      textElement(XENC_NS, 'CipherValue', formatBase64(checkBytes(`${path}/CipherValue`, c.cipherValue))),
    ]);
  if (c.kind !== 'reference') throw invalid(path, 'CipherData kind must be value or reference');
  const transforms = c.transforms;
  if (transforms !== undefined) {
    if (transforms.length === 0)
      throw invalid(`${path}/CipherReference/Transforms`, 'needs at least one Transform');
    transforms.forEach((t, i) => {
      if (t?.kind !== 'element' || t.namespaceURI !== DS_NS || t.localName !== 'Transform')
        throw invalid(
          `${path}/CipherReference/Transforms/Transform[${i + 1}]`,
          'must be a ds:Transform element',
        );
    });
  }
  return element(XENC_NS, 'CipherData', [
    element(
      XENC_NS,
      'CipherReference',
      [transforms !== undefined && element(XENC_NS, 'Transforms', transforms)],
      [attribute(null, 'URI', uri(`${path}/CipherReference/@URI`, c.uri))],
    ),
  ]);
}

export function buildSymkey(s: Symkey, path: string): WriterElement {
  // SKSML-MSG-10: never deliver a key under the new-key sentinel.
  if (isNewKeyRequest(s.globalKeyId))
    throw new ModelError(
      'MODEL_INVALID_ID',
      'cannot serialize: a Symkey must not carry the new-key sentinel',
      `${path}/GlobalKeyID`,
      {
        requirement: 'SKSML-MSG-10',
      },
    );
  return ekmi('Symkey', [
    symkeyRequestIdElement(s.symkeyRequestId, `${path}/SymkeyRequestID`),
    globalKeyIdElement('GlobalKeyID', s.globalKeyId, `${path}/GlobalKeyID`),
    buildKeyUsePolicy(s.keyUsePolicy, `${path}/KeyUsePolicy`),
    buildEncryptionMethod(s.encryptionMethod, `${path}/EncryptionMethod`),
    buildCipherData(s.cipherData, `${path}/CipherData`),
  ]);
}

export function buildSymkeyError(e: SymkeyError, path: string): WriterElement {
  return ekmi('SymkeyError', [
    symkeyRequestIdElement(e.symkeyRequestId, `${path}/SymkeyRequestID`),
    globalKeyIdElement('RequestedGlobalKeyID', e.requestedGlobalKeyId, `${path}/RequestedGlobalKeyID`),
    e.requestedKeyClass !== undefined &&
      ekmiText(
        'RequestedKeyClass',
        checkString(`${path}/RequestedKeyClass`, e.requestedKeyClass, 255, 'SKSML-MSG-4'),
      ),
    ekmiText('ErrorCode', checkString(`${path}/ErrorCode`, e.errorCode, 255, 'SKSML-MSG-12')),
    ekmiText('ErrorMessage', checkString(`${path}/ErrorMessage`, e.errorMessage, 1024, 'SKSML-MSG-12')),
  ]);
}

export function buildSymkeyWorkInProgress(w: SymkeyWorkInProgress, path: string): WriterElement {
  return ekmi('SymkeyWorkInProgress', [
    globalKeyIdElement('RequestedGlobalKeyID', w.requestedGlobalKeyId, `${path}/RequestedGlobalKeyID`),
    w.requestedKeyClass !== undefined &&
      ekmiText(
        'RequestedKeyClass',
        checkString(`${path}/RequestedKeyClass`, w.requestedKeyClass, 255, 'SKSML-MSG-4'),
      ),
    symkeyRequestIdElement(w.symkeyRequestId, `${path}/SymkeyRequestID`),
    ekmiText(
      'RequestCheckInterval',
      checkInteger(`${path}/RequestCheckInterval`, w.requestCheckInterval, 60, 604800, 'SKSML-MSG-14'),
    ),
  ]);
}
