/** Symkey, SymkeyError and SymkeyWorkInProgress from the tree (SKSML-MSG-9..-14). */
import type { XmlElement } from '../../xml/tree.ts';
import { isNewKeyRequest } from '../identifiers.ts';
import { ModelError } from '../model-error.ts';
import { DS_NS, XENC11_NS, XENC_NS } from '../namespaces.ts';
import type { CipherData, EncryptionMethod, Symkey, SymkeyError, SymkeyWorkInProgress } from '../symkey.ts';
import { parseKeyUsePolicy } from './parse-key-use-policy.ts';
import { parseUri } from './lexical.ts';
import {
  SequenceReader,
  checkAttributes,
  findAttr,
  lexical,
  sksml,
  type Located,
  type QName,
} from './reader.ts';
import { readBase64, readGlobalKeyID, readNumber, readString, readSymkeyRequestID } from './values.ts';

const xenc = (local: string): QName => ({ ns: XENC_NS, local });
const ALGORITHM = { ns: null, local: 'Algorithm' };

/** Reads a required unqualified URI attribute. */
function readUriAttribute(at: Located, local: string, requirement?: string): string {
  const a = findAttr(at, { ns: null, local });
  if (a === undefined)
    throw new ModelError(
      'MODEL_MISSING_ATTRIBUTE',
      `attribute ${local} is required`,
      `${at.path}/@${local}`,
      {
        position: at.element.position,
        ...(requirement ? { requirement } : {}),
      },
    );
  return lexical(at, () => parseUri(a.value), {
    path: `${at.path}/@${local}`,
    ...(requirement ? { requirement } : {}),
  });
}

/** An empty element carrying only an Algorithm URI (ds:DigestMethod, xenc11:MGF). */
function readAlgorithmOnly(at: Located): string {
  checkAttributes(at, [ALGORITHM]);
  const algorithm = readUriAttribute(at, 'Algorithm');
  const r = new SequenceReader(at, []);
  r.end();
  return algorithm;
}

export function parseEncryptionMethod(at: Located): EncryptionMethod {
  checkAttributes(at, [ALGORITHM]);
  // SKSML-MSG-11: Algorithm is required.
  const algorithm = readUriAttribute(at, 'Algorithm', 'SKSML-MSG-11');
  const r = new SequenceReader(at, [xenc('KeySize'), xenc('OAEPparams')]);
  const keySize = r.optional(xenc('KeySize'));
  const oaep = r.optional(xenc('OAEPparams'));
  const digest = r.optional({ ns: DS_NS, local: 'DigestMethod' });
  const mgf = r.optional({ ns: XENC11_NS, local: 'MGF' });
  const extensions: XmlElement[] = [];
  for (;;) {
    const el = r.next();
    if (el === undefined) break;
    const reserved =
      el.namespaceURI === null ||
      el.namespaceURI === XENC_NS ||
      (el.namespaceURI === DS_NS && el.localName === 'DigestMethod') ||
      (el.namespaceURI === XENC11_NS && el.localName === 'MGF');
    if (reserved) throw r.unexpected(el);
    extensions.push(r.wildcard().element);
  }
  return {
    algorithm,
    ...(keySize ? { keySize: readNumber(keySize, 1, Number.MAX_SAFE_INTEGER) } : {}),
    ...(oaep ? { oaepParams: readBase64(oaep) } : {}),
    ...(digest ? { digestMethod: readAlgorithmOnly(digest) } : {}),
    ...(mgf ? { mgf: readAlgorithmOnly(mgf) } : {}),
    ...(extensions.length > 0 ? { extensions } : {}),
  };
}

export function parseCipherData(at: Located): CipherData {
  checkAttributes(at);
  const r = new SequenceReader(at, [xenc('CipherValue'), xenc('CipherReference')]);
  const value = r.optional(xenc('CipherValue'));
  if (value !== undefined) {
    r.end();
    return { kind: 'value', cipherValue: readBase64(value) };
  }
  const ref = r.optional(xenc('CipherReference'));
  if (ref === undefined) {
    const next = r.next();
    if (next !== undefined) throw r.unexpected(next);
    throw new ModelError(
      'MODEL_MISSING_ELEMENT',
      'CipherValue or CipherReference is required',
      `${at.path}/CipherValue`,
      {
        position: at.element.position,
        requirement: 'SKSML-MSG-9',
      },
    );
  }
  r.end();
  checkAttributes(ref, [{ ns: null, local: 'URI' }]);
  const uri = readUriAttribute(ref, 'URI');
  const rr = new SequenceReader(ref, [xenc('Transforms')]);
  const transformsAt = rr.optional(xenc('Transforms'));
  rr.end();
  if (transformsAt === undefined) return { kind: 'reference', uri };
  checkAttributes(transformsAt);
  const tr = new SequenceReader(transformsAt, [{ ns: DS_NS, local: 'Transform' }]);
  const transforms = tr.repeated({ ns: DS_NS, local: 'Transform' }, 1).map((t) => t.element);
  tr.end();
  return { kind: 'reference', uri, transforms };
}

export function parseSymkey(at: Located): Symkey {
  checkAttributes(at);
  const r = new SequenceReader(at, [
    ...['SymkeyRequestID', 'GlobalKeyID', 'KeyUsePolicy', 'EncryptionMethod'].map(sksml),
    xenc('CipherData'),
  ]);
  const symkeyRequestId = readSymkeyRequestID(r.required(sksml('SymkeyRequestID'), 'SKSML-MSG-9'));
  const gkAt = r.required(sksml('GlobalKeyID'), 'SKSML-MSG-9');
  const globalKeyId = readGlobalKeyID(gkAt);
  // SKSML-MSG-10: a delivered key has a real GlobalKeyID, never the new-key sentinel.
  if (isNewKeyRequest(globalKeyId))
    throw new ModelError(
      'MODEL_INVALID_ID',
      'a Symkey must not carry the new-key sentinel GlobalKeyID',
      gkAt.path,
      {
        position: gkAt.element.position,
        requirement: 'SKSML-MSG-10',
      },
    );
  const keyUsePolicy = parseKeyUsePolicy(r.required(sksml('KeyUsePolicy'), 'SKSML-MSG-9'));
  const encryptionMethod = parseEncryptionMethod(r.required(sksml('EncryptionMethod'), 'SKSML-MSG-9'));
  const cipherData = parseCipherData(r.required(xenc('CipherData'), 'SKSML-MSG-9'));
  r.end('SKSML-MSG-9');
  return { symkeyRequestId, globalKeyId, keyUsePolicy, encryptionMethod, cipherData };
}

export function parseSymkeyError(at: Located): SymkeyError {
  checkAttributes(at);
  const names = ['SymkeyRequestID', 'RequestedGlobalKeyID', 'RequestedKeyClass', 'ErrorCode', 'ErrorMessage'];
  const r = new SequenceReader(at, names.map(sksml));
  const symkeyRequestId = readSymkeyRequestID(r.required(sksml('SymkeyRequestID'), 'SKSML-MSG-12'));
  const requestedGlobalKeyId = readGlobalKeyID(r.required(sksml('RequestedGlobalKeyID'), 'SKSML-MSG-12'));
  const keyClass = r.optional(sksml('RequestedKeyClass'));
  const errorCode = readString(r.required(sksml('ErrorCode'), 'SKSML-MSG-12'), 255, 'SKSML-MSG-12');
  const errorMessage = readString(r.required(sksml('ErrorMessage'), 'SKSML-MSG-12'), 1024, 'SKSML-MSG-12');
  r.end('SKSML-MSG-12');
  return {
    symkeyRequestId,
    requestedGlobalKeyId,
    ...(keyClass ? { requestedKeyClass: readString(keyClass, 255, 'SKSML-MSG-4') } : {}),
    errorCode,
    errorMessage,
  };
}

export function parseSymkeyWorkInProgress(at: Located): SymkeyWorkInProgress {
  checkAttributes(at);
  const names = ['RequestedGlobalKeyID', 'RequestedKeyClass', 'SymkeyRequestID', 'RequestCheckInterval'];
  const r = new SequenceReader(at, names.map(sksml));
  const requestedGlobalKeyId = readGlobalKeyID(r.required(sksml('RequestedGlobalKeyID'), 'SKSML-MSG-13'));
  const keyClass = r.optional(sksml('RequestedKeyClass'));
  const symkeyRequestId = readSymkeyRequestID(r.required(sksml('SymkeyRequestID'), 'SKSML-MSG-13'));
  const requestCheckInterval = readNumber(
    r.required(sksml('RequestCheckInterval'), 'SKSML-MSG-13'),
    60,
    604800,
    'SKSML-MSG-14',
  );
  r.end('SKSML-MSG-13');
  return {
    requestedGlobalKeyId,
    ...(keyClass ? { requestedKeyClass: readString(keyClass, 255, 'SKSML-MSG-4') } : {}),
    symkeyRequestId,
    requestCheckInterval,
  };
}
