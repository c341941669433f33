/** SymkeyRequest from the tree (SKSML-MSG-2..-7). */
import type { XmlElement } from '../../xml/tree.ts';
import { ModelError } from '../model-error.ts';
import type { SymkeyRequest } from '../symkey-request.ts';
import { SequenceReader, checkAttributes, sksml } from './reader.ts';
import { expectRoot } from './root.ts';
import { readBase64, readGlobalKeyID, readString, readSymkeyRequestID } from './values.ts';

export function parseSymkeyRequest(root: XmlElement): SymkeyRequest {
  const at = expectRoot(root, 'SymkeyRequest');
  checkAttributes(at);
  const names = ['GlobalKeyID', 'KeyClasses', 'X509EncryptionCertificate', 'SymkeyRequestID'].map(sksml);
  const r = new SequenceReader(at, names);
  // SKSML-MSG-2: either GlobalKeyIDs (+ KeyClasses, + certificate) or SymkeyRequestIDs, never both.
  if (r.peek(sksml('SymkeyRequestID'))) {
    const symkeyRequestIds = r.repeated(sksml('SymkeyRequestID'), 1).map(readSymkeyRequestID);
    r.end('SKSML-MSG-2');
    return { kind: 'poll', symkeyRequestIds };
  }
  const globalKeyIds = r.repeated(sksml('GlobalKeyID'), 1, 'SKSML-MSG-2').map((g) => readGlobalKeyID(g));
  const classesAt = r.optional(sksml('KeyClasses'));
  let keyClasses: string[] | undefined;
  if (classesAt !== undefined) {
    checkAttributes(classesAt);
    const cr = new SequenceReader(classesAt, [sksml('KeyClass')]);
    // SKSML-MSG-3: KeyClasses holds at least one KeyClass; SKSML-MSG-4: each at most 255 characters.
    keyClasses = cr
      .repeated(sksml('KeyClass'), 1, 'SKSML-MSG-3')
      .map((k) => readString(k, 255, 'SKSML-MSG-4'));
    cr.end();
  }
  const certAt = r.optional(sksml('X509EncryptionCertificate'));
  let certificate: Uint8Array | undefined;
  if (certAt !== undefined) {
    certificate = readBase64(certAt, Infinity, 'SKSML-MSG-7');
    if (certificate.length === 0)
      throw new ModelError('MODEL_INVALID_VALUE', 'invalid value: the certificate is empty', certAt.path, {
        position: certAt.element.position,
        requirement: 'SKSML-MSG-7',
      });
  }
  r.end('SKSML-MSG-2');
  return {
    kind: 'keys',
    globalKeyIds,
    ...(keyClasses ? { keyClasses } : {}),
    ...(certificate ? { x509EncryptionCertificate: certificate } : {}),
  };
}
