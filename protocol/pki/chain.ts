/**
 * Certificate path validation for WS-Security signers and key-transport recipients.
 *
 * The trust anchors are configuration. A certificate carried by a message is never trusted for
 * being there: it must chain, link by link, to an anchor — issuer name equal to the parent's
 * subject, parent a CA (basicConstraints cA, keyCertSign when keyUsage is present, pathLen
 * honoured), signature verified with the parent's key under an accepted algorithm, every
 * certificate valid at `at` — and the leaf must be an RSA end-entity key of adequate size whose
 * keyUsage allows the intended use. Any doubt fails closed with a CertificateError.
 */
import type { X509Certificate } from 'node:crypto';
import { CertificateError } from './certificate-error.ts';
import { type CertificateFields, readCertificateFields } from './certificate-fields.ts';
import { ACCEPTED_SIGNATURE_ALGORITHMS, OID, UNDERSTOOD_EXTENSIONS } from './oids.ts';

export { loadTrustAnchors, parseCertificate } from './parse.ts';
export { CertificateError, type CertificateErrorCode } from './certificate-error.ts';

export type CertificateUsage = 'signature' | 'keyEncipherment';

export interface ChainOptions {
  readonly trustAnchors: readonly X509Certificate[];
  /** Untrusted helpers for path building (for example certificates a message carried). */
  readonly intermediates?: readonly X509Certificate[];
  readonly at: Date;
  readonly usage: CertificateUsage;
  /** Minimum RSA modulus size of the leaf and of intermediate CAs. Default 2048. */
  readonly minRsaBits?: number;
  /** Maximum number of intermediate CAs between leaf and anchor. Default 4. */
  readonly maxIntermediates?: number;
  /** When set and the leaf has extKeyUsage, it must list this purpose (or anyExtendedKeyUsage). */
  readonly extendedKeyUsage?: 'clientAuth' | 'serverAuth';
}

export interface VerifiedCertificate {
  readonly leaf: X509Certificate;
  /** Leaf first, trust anchor last (a single element when the leaf itself is an anchor). */
  readonly chain: readonly X509Certificate[];
  readonly anchor: X509Certificate;
}

interface Node {
  readonly cert: X509Certificate;
  readonly fields: CertificateFields;
  readonly anchor: boolean;
}

/** Upper bound on signature checks while searching for a path (cross-certificate loops etc.). */
const MAX_SIGNATURE_CHECKS = 64;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function describe(cert: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  return `certificate '${(cn ?? cert.subject).slice(0, 128)}' (serial ${cert.serialNumber.slice(0, 40)})`;
}

function toNode(cert: X509Certificate, anchor: boolean): Node {
  return { cert, fields: readCertificateFields(cert.raw), anchor };
}

/** Why `parent` cannot issue `child` at depth `caBelow` (number of CAs already below parent), or null. */
function linkProblem(child: Node, parent: Node, caBelow: number): string | null {
  const p = parent.fields;
  if (!sameBytes(child.fields.issuer, p.subject)) return 'issuer name does not match';
  if (
    child.fields.authorityKeyIdentifier !== undefined &&
    p.subjectKeyIdentifier !== undefined &&
    !sameBytes(child.fields.authorityKeyIdentifier, p.subjectKeyIdentifier)
  ) {
    return 'authority key identifier does not match';
  }
  if (p.basicConstraints?.cA !== true) return `${describe(parent.cert)} is not a CA`;
  if (p.keyUsage !== undefined && !p.keyUsage.has('keyCertSign'))
    return `${describe(parent.cert)} lacks keyCertSign`;
  if (p.basicConstraints.pathLength !== undefined && caBelow > p.basicConstraints.pathLength) {
    return `${describe(parent.cert)} path length constraint exceeded`;
  }
  if (!ACCEPTED_SIGNATURE_ALGORITHMS.has(child.fields.signatureAlgorithm)) {
    return `${describe(child.cert)} uses a refused signature algorithm`;
  }
  return null;
}

function verifySignature(child: Node, parent: Node): boolean {
  try {
    return child.cert.verify(parent.cert.publicKey);
  } catch {
    return false;
  }
}

/** Enumerates structurally valid paths from the leaf to an anchor (leaf first). */
function findPaths(
  leaf: Node,
  anchors: readonly Node[],
  intermediates: readonly Node[],
  maxIntermediates: number,
): {
  paths: Node[][];
  problem: string;
} {
  const paths: Node[][] = [];
  let problem = `no path from ${describe(leaf.cert)} to a trust anchor`;
  let budget = MAX_SIGNATURE_CHECKS;
  const candidates = [...anchors, ...intermediates];

  const extend = (path: Node[]): void => {
    const current = path[path.length - 1]!;
    const caBelow = path.length - 1; // CAs between leaf and the next parent
    for (const parent of candidates) {
      if (path.some((n) => sameBytes(n.cert.raw, parent.cert.raw))) continue;
      if (!sameBytes(current.fields.issuer, parent.fields.subject)) continue;
      const why = linkProblem(current, parent, caBelow);
      if (why !== null) {
        problem = why;
        continue;
      }
      if (budget-- <= 0) {
        problem = 'path search gave up (too many candidate certificates)';
        return;
      }
      if (!verifySignature(current, parent)) {
        problem = `signature of ${describe(current.cert)} does not verify with its issuer's key`;
        continue;
      }
      const next = [...path, parent];
      if (parent.anchor) paths.push(next);
      else if (caBelow < maxIntermediates) extend(next);
      else problem = 'certificate path too long';
    }
  };
  extend([leaf]);
  return { paths, problem };
}

function checkValidity(node: Node, at: Date): void {
  const t = at.getTime();
  if (t < node.fields.notBefore.getTime()) {
    throw new CertificateError(
      'CERT_NOT_YET_VALID',
      `${describe(node.cert)} is not valid before ${node.fields.notBefore.toISOString()}`,
    );
  }
  if (t > node.fields.notAfter.getTime()) {
    throw new CertificateError(
      'CERT_EXPIRED',
      `${describe(node.cert)} expired at ${node.fields.notAfter.toISOString()}`,
    );
  }
}

function checkRsaSize(node: Node, minRsaBits: number): void {
  const key = node.cert.publicKey;
  if (key.asymmetricKeyType !== 'rsa') return;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < minRsaBits) {
    throw new CertificateError(
      'CERT_WEAK_KEY',
      `${describe(node.cert)} has a ${bits}-bit RSA key (minimum ${minRsaBits})`,
    );
  }
}

function checkLeaf(leaf: Node, options: ChainOptions, minRsaBits: number): void {
  const f = leaf.fields;
  if (f.basicConstraints?.cA === true) {
    throw new CertificateError(
      'CERT_KEY_USAGE',
      `${describe(leaf.cert)} is a CA certificate, not an end-entity certificate`,
    );
  }
  if (leaf.cert.publicKey.asymmetricKeyType !== 'rsa') {
    throw new CertificateError(
      'CERT_KEY_TYPE',
      `${describe(leaf.cert)} has a ${String(leaf.cert.publicKey.asymmetricKeyType)} key; an RSA key is required`,
    );
  }
  checkRsaSize(leaf, minRsaBits);
  const needed = options.usage === 'signature' ? 'digitalSignature' : 'keyEncipherment';
  if (f.keyUsage !== undefined && !f.keyUsage.has(needed)) {
    throw new CertificateError('CERT_KEY_USAGE', `${describe(leaf.cert)} keyUsage does not allow ${needed}`);
  }
  if (options.extendedKeyUsage !== undefined && f.extKeyUsage !== undefined) {
    const wanted = OID[options.extendedKeyUsage];
    if (!f.extKeyUsage.includes(wanted) && !f.extKeyUsage.includes(OID.anyExtendedKeyUsage)) {
      throw new CertificateError(
        'CERT_KEY_USAGE',
        `${describe(leaf.cert)} extKeyUsage does not allow ${options.extendedKeyUsage}`,
      );
    }
  }
}

function checkPath(path: readonly Node[], options: ChainOptions, minRsaBits: number): void {
  for (const node of path) checkValidity(node, options.at);
  for (const node of path) {
    if (node.anchor) continue; // an anchor is configuration: its own extensions are not ours to judge
    const unknown = node.fields.extensions.find((e) => e.critical && !UNDERSTOOD_EXTENSIONS.has(e.oid));
    if (unknown !== undefined) {
      throw new CertificateError(
        'CERT_UNTRUSTED',
        `${describe(node.cert)} has an unsupported critical extension ${unknown.oid}`,
      );
    }
  }
  for (const node of path.slice(1)) if (!node.anchor) checkRsaSize(node, minRsaBits);
  checkLeaf(path[0]!, options, minRsaBits);
}

/**
 * Verifies `leaf` for `options.usage` at `options.at`. Returns the leaf and the path to its trust
 * anchor; throws CertificateError (CERT_UNTRUSTED, CERT_EXPIRED, CERT_NOT_YET_VALID,
 * CERT_KEY_USAGE, CERT_KEY_TYPE, CERT_WEAK_KEY, CERT_MALFORMED) otherwise.
 */
export function verifyCertificateChain(leaf: X509Certificate, options: ChainOptions): VerifiedCertificate {
  if (options.trustAnchors.length === 0)
    throw new CertificateError('CERT_UNTRUSTED', 'no trust anchors are configured');
  if (!(options.at instanceof Date) || Number.isNaN(options.at.getTime())) {
    throw new CertificateError('CERT_MALFORMED', 'verification time is not a valid date');
  }
  const minRsaBits = options.minRsaBits ?? 2048;
  const maxIntermediates = options.maxIntermediates ?? 4;
  const anchors = options.trustAnchors.map((c) => toNode(c, true));
  const leafNode = toNode(leaf, false);

  const directAnchor = anchors.find((a) => sameBytes(a.cert.raw, leaf.raw));
  if (directAnchor !== undefined) {
    checkPath([directAnchor], options, minRsaBits);
    return { leaf, chain: [leaf], anchor: directAnchor.cert };
  }

  const intermediates = (options.intermediates ?? [])
    .filter((c) => !anchors.some((a) => sameBytes(a.cert.raw, c.raw)))
    .map((c) => toNode(c, false));
  // SKSML-WSS-7: a signer's certificate must chain to the configured anchors, never to one it carries.
  const { paths, problem } = findPaths(leafNode, anchors, intermediates, maxIntermediates);
  if (paths.length === 0) {
    const selfSigned =
      sameBytes(leafNode.fields.issuer, leafNode.fields.subject) && verifySignature(leafNode, leafNode);
    throw new CertificateError(
      'CERT_UNTRUSTED',
      selfSigned ? `${describe(leaf)} is self-signed and is not a trust anchor` : problem,
    );
  }
  let firstError: unknown;
  for (const path of paths) {
    try {
      checkPath(path, options, minRsaBits);
      return { leaf, chain: path.map((n) => n.cert), anchor: path[path.length - 1]!.cert };
    } catch (e) {
      firstError ??= e;
    }
  }
  throw firstError;
}
