/**
 * Named mutations a case can ask for, by stage: `payload` edits the bare SKSML message before it
 * is enveloped and signed; `signed` edits the envelope text after signing; `http` edits method,
 * headers and body. Names of the form `msg:<name>` or `msg:<name>@<site>` apply a mutation of
 * protocol/testkit/mutations.ts to the payload tree (site index, default 0).
 */
import { constants, createHash, privateEncrypt, randomBytes, sign } from 'node:crypto';
import { SKSML_ACTIONS } from '../../protocol/soap/actions.ts';
import { ENVELOPE_NS, ENVELOPE_PREFIX, type SoapVersion } from '../../protocol/soap/namespaces.ts';
import { mutationByName } from '../../protocol/testkit/mutations.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { writeXml } from '../../protocol/xml/writer.ts';
import type { ClientCredential } from '../model/profile.ts';
import { HarnessError } from './harness-error.ts';
import type { OutgoingRequest } from './outgoing.ts';

export type MutationStage = 'payload' | 'signed' | 'http';

export interface MutationContext {
  readonly version: SoapVersion;
  readonly signer: ClientCredential | undefined;
  readonly maxBodyBytes: number;
}

interface PayloadMutation {
  readonly stage: 'payload';
  readonly description: string;
  readonly apply: (xml: string) => string;
}
interface SignedMutation {
  readonly stage: 'signed';
  readonly description: string;
  readonly apply: (xml: string, context: MutationContext) => string;
}
interface HttpMutation {
  readonly stage: 'http';
  readonly description: string;
  readonly apply: (request: OutgoingRequest, context: MutationContext) => OutgoingRequest;
}
export type NamedMutation = PayloadMutation | SignedMutation | HttpMutation;

function replaceOnce(text: string, find: string | RegExp, replacement: string, name: string): string {
  const found = typeof find === 'string' ? text.includes(find) : find.test(text);
  if (!found) throw new HarnessError('HARNESS_MUTATION_INAPPLICABLE', `mutation ${name} does not apply`);
  return text.replace(find, replacement);
}

const ENC = new TextEncoder();
const DEC = new TextDecoder();
const PROBE_NS = 'urn:example:sksml-conformance:probe';

function headerOpen(version: SoapVersion): RegExp {
  return new RegExp(`<${ENVELOPE_PREFIX[version]}:Header>`);
}

function insertHeaderBlock(xml: string, version: SoapVersion, block: string, name: string): string {
  const p = ENVELOPE_PREFIX[version];
  if (headerOpen(version).test(xml)) return replaceOnce(xml, `<${p}:Header>`, `<${p}:Header>${block}`, name);
  return replaceOnce(xml, new RegExp(`<${p}:Body\\b`), `<${p}:Header>${block}</${p}:Header><${p}:Body`, name);
}

function replaceSignatureValue(xml: string, value: Uint8Array, name: string): string {
  return replaceOnce(
    xml,
    /<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/,
    `<ds:SignatureValue>${Buffer.from(value).toString('base64')}</ds:SignatureValue>`,
    name,
  );
}

function requireSigner(context: MutationContext, name: string): ClientCredential {
  if (context.signer === undefined)
    throw new HarnessError('HARNESS_MUTATION_INAPPLICABLE', `mutation ${name} needs a signed request`);
  return context.signer;
}

function modulusBytes(signer: ClientCredential): number {
  return Math.ceil((signer.privateKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
}

function withContentType(request: OutgoingRequest, value: string | null): OutgoingRequest {
  const headers = { ...request.headers };
  if (value === null) delete headers['content-type'];
  else headers['content-type'] = value;
  return { ...request, headers };
}

function actionHeaders(version: SoapVersion, action: string | null): Record<string, string> {
  if (version === '1.2')
    return {
      'content-type': `application/soap+xml; charset=utf-8${action === null ? '' : `; action="${action}"`}`,
    };
  return { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action ?? ''}"` };
}

function withAction(request: OutgoingRequest, version: SoapVersion, action: string | null): OutgoingRequest {
  const headers = { ...request.headers };
  delete headers.soapaction;
  return { ...request, headers: { ...headers, ...actionHeaders(version, action) } };
}

const ROOT_END = /<\/ekmi:(SymkeyRequest|KeyCachePolicyRequest)>|<ekmi:KeyCachePolicyRequest([^>]*)\/>/;

export const NAMED_MUTATIONS: Readonly<Record<string, NamedMutation>> = {
  'payload:empty-key-classes': {
    stage: 'payload',
    description: 'KeyClasses with no KeyClass (SKSML-MSG-3)',
    apply: (xml) =>
      replaceOnce(
        xml,
        /<ekmi:KeyClasses>.*?<\/ekmi:KeyClasses>/,
        '<ekmi:KeyClasses/>',
        'payload:empty-key-classes',
      ),
  },
  'payload:long-key-class': {
    stage: 'payload',
    description: 'a KeyClass of 256 characters (SKSML-MSG-4)',
    apply: (xml) =>
      replaceOnce(
        xml,
        /<ekmi:KeyClass>[^<]*<\/ekmi:KeyClass>/,
        `<ekmi:KeyClass>${'K'.repeat(256)}</ekmi:KeyClass>`,
        'payload:long-key-class',
      ),
  },
  'payload:blank-key-class': {
    stage: 'payload',
    description: 'a KeyClass of white space only (SKSML-MSG-106)',
    apply: (xml) =>
      replaceOnce(
        xml,
        /<ekmi:KeyClass>[^<]*<\/ekmi:KeyClass>/,
        '<ekmi:KeyClass>   </ekmi:KeyClass>',
        'payload:blank-key-class',
      ),
  },
  'payload:two-part-global-key-id': {
    stage: 'payload',
    description: 'a GlobalKeyID of two parts (SKSML-MSG-5)',
    apply: (xml) =>
      replaceOnce(
        xml,
        /<ekmi:GlobalKeyID>([0-9]+)-[0-9]+-[0-9]+<\/ekmi:GlobalKeyID>/,
        '<ekmi:GlobalKeyID>$1-0</ekmi:GlobalKeyID>',
        'payload:two-part-global-key-id',
      ),
  },
  'payload:leading-zero-global-key-id': {
    stage: 'payload',
    description: 'a GlobalKeyID written with a leading zero (SKSML-MSG-101)',
    apply: (xml) =>
      replaceOnce(xml, /<ekmi:GlobalKeyID>/, '<ekmi:GlobalKeyID>0', 'payload:leading-zero-global-key-id'),
  },
  'payload:ids-and-poll-mixed': {
    stage: 'payload',
    description: 'GlobalKeyID and SymkeyRequestID in one SymkeyRequest (SKSML-MSG-2)',
    apply: (xml) =>
      replaceOnce(
        xml,
        /(<ekmi:GlobalKeyID>[^<]*<\/ekmi:GlobalKeyID>)/,
        '$1<ekmi:SymkeyRequestID>10514-1-1</ekmi:SymkeyRequestID>',
        'payload:ids-and-poll-mixed',
      ),
  },
  'payload:garbage-encryption-certificate': {
    stage: 'payload',
    description: 'X509EncryptionCertificate that is not a certificate (SKSML-MSG-7)',
    apply: (xml) =>
      replaceOnce(
        xml,
        /<\/ekmi:SymkeyRequest>/,
        `<ekmi:X509EncryptionCertificate>${Buffer.from('not a certificate').toString('base64')}</ekmi:X509EncryptionCertificate></ekmi:SymkeyRequest>`,
        'payload:garbage-encryption-certificate',
      ),
  },
  'payload:kcp-with-child': {
    stage: 'payload',
    description: 'a KeyCachePolicyRequest with a child element (SKSML-MSG-31)',
    apply: (xml) =>
      replaceOnce(
        xml,
        /<ekmi:KeyCachePolicyRequest([^>]*)\/>/,
        '<ekmi:KeyCachePolicyRequest$1><ekmi:KeyClass>DEFAULT</ekmi:KeyClass></ekmi:KeyCachePolicyRequest>',
        'payload:kcp-with-child',
      ),
  },
  'envelope:encoding-style-on-body': {
    stage: 'signed',
    description: 'an encodingStyle attribute on the Body (SKSML-BIND-6)',
    apply: (xml, c) => {
      const p = ENVELOPE_PREFIX[c.version];
      return replaceOnce(
        xml,
        `<${p}:Body `,
        `<${p}:Body ${p}:encodingStyle="${ENVELOPE_NS[c.version]}/encoding" `,
        'envelope:encoding-style-on-body',
      );
    },
  },
  'envelope:two-body-children': {
    stage: 'signed',
    description: 'a second element in the Body (SKSML-BIND-4)',
    apply: (xml, c) => {
      const p = ENVELOPE_PREFIX[c.version];
      return replaceOnce(
        xml,
        `</${p}:Body>`,
        `<ekmi:KeyCachePolicyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"/></${p}:Body>`,
        'envelope:two-body-children',
      );
    },
  },
  'envelope:trailing-element': {
    stage: 'signed',
    description: 'an element after the Body (SKSML-BIND-3)',
    apply: (xml, c) => {
      const p = ENVELOPE_PREFIX[c.version];
      return replaceOnce(
        xml,
        `</${p}:Body>`,
        `</${p}:Body><x:Trailer xmlns:x="${PROBE_NS}"/>`,
        'envelope:trailing-element',
      );
    },
  },
  'envelope:unknown-must-understand-header': {
    stage: 'signed',
    description: 'an unknown header block marked mustUnderstand (SKSML-BIND-9)',
    apply: (xml, c) => {
      const p = ENVELOPE_PREFIX[c.version];
      const value = c.version === '1.2' ? 'true' : '1';
      return insertHeaderBlock(
        xml,
        c.version,
        `<x:Mandatory xmlns:x="${PROBE_NS}" ${p}:mustUnderstand="${value}"/>`,
        'envelope:unknown-must-understand-header',
      );
    },
  },
  'envelope:invalid-must-understand-value': {
    stage: 'signed',
    description: 'a header block with mustUnderstand="yes" (SKSML-BIND-8)',
    apply: (xml, c) =>
      insertHeaderBlock(
        xml,
        c.version,
        `<x:Optional xmlns:x="${PROBE_NS}" ${ENVELOPE_PREFIX[c.version]}:mustUnderstand="yes"/>`,
        'envelope:invalid-must-understand-value',
      ),
  },
  'wss:signature-bad-padding': {
    stage: 'signed',
    description: 'SignatureValue replaced by raw RSA output whose padding is invalid',
    apply: (xml, c) => {
      const signer = requireSigner(c, 'wss:signature-bad-padding');
      const size = modulusBytes(signer);
      const block = randomBytes(size);
      block[0] = 0; // below the modulus
      const value = privateEncrypt({ key: signer.privateKey, padding: constants.RSA_NO_PADDING }, block);
      return replaceSignatureValue(xml, value, 'wss:signature-bad-padding');
    },
  },
  'wss:signature-wrong-data': {
    stage: 'signed',
    description: 'a well-formed RSA-SHA256 signature by the signer over other data',
    apply: (xml, c) => {
      const signer = requireSigner(c, 'wss:signature-wrong-data');
      const value = sign('sha256', createHash('sha256').update(xml).digest(), signer.privateKey);
      return replaceSignatureValue(xml, value, 'wss:signature-wrong-data');
    },
  },
  'wss:digest-mismatch': {
    stage: 'signed',
    description: 'white space added inside the signed payload after signing',
    apply: (xml) => {
      const m = ROOT_END.exec(xml);
      if (m === null)
        throw new HarnessError('HARNESS_MUTATION_INAPPLICABLE', 'wss:digest-mismatch does not apply');
      const edited =
        m[1] !== undefined
          ? `  </ekmi:${m[1]}>`
          : `<ekmi:KeyCachePolicyRequest${m[2] ?? ''}> </ekmi:KeyCachePolicyRequest>`;
      return xml.replace(m[0], edited);
    },
  },
  'xml:doctype-external-entity': {
    stage: 'signed',
    description: 'a DOCTYPE declaring an external entity (XXE) referenced in a header block',
    apply: (xml, c) => {
      const withProbe = insertHeaderBlock(
        xml,
        c.version,
        `<x:Probe xmlns:x="${PROBE_NS}">&xxe;</x:Probe>`,
        'xml:doctype-external-entity',
      );
      const p = ENVELOPE_PREFIX[c.version];
      return `<!DOCTYPE ${p}:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${withProbe}`;
    },
  },
  'xml:internal-entity-expansion': {
    stage: 'signed',
    description: 'nested internal entities (billion laughs) referenced in a header block',
    apply: (xml, c) => {
      const withProbe = insertHeaderBlock(
        xml,
        c.version,
        `<x:Probe xmlns:x="${PROBE_NS}">&l4;</x:Probe>`,
        'xml:internal-entity-expansion',
      );
      const p = ENVELOPE_PREFIX[c.version];
      const entities =
        '<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;">' +
        '<!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;">' +
        '<!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;">';
      return `<!DOCTYPE ${p}:Envelope [${entities}]>${withProbe}`;
    },
  },
  'xml:processing-instruction': {
    stage: 'signed',
    description: 'a processing instruction inside the Header',
    apply: (xml, c) =>
      insertHeaderBlock(xml, c.version, '<?sksml-probe data?>', 'xml:processing-instruction'),
  },
  'xml:truncated': {
    stage: 'signed',
    description: 'the document cut short (not well-formed)',
    apply: (xml) => xml.slice(0, Math.max(1, xml.length - 17)),
  },
  'xml:bare-message': {
    stage: 'signed',
    description: 'the SKSML message posted without an envelope (SKSML-BIND-7)',
    apply: (xml) => {
      const doc = parseXml(xml);
      const body = doc.root.children.find((n) => n.kind === 'element' && n.localName === 'Body');
      const payload = body?.kind === 'element' ? body.children.find((n) => n.kind === 'element') : undefined;
      if (payload?.kind !== 'element')
        throw new HarnessError('HARNESS_MUTATION_INAPPLICABLE', 'xml:bare-message needs a Body payload');
      return writeXml(payload);
    },
  },
  'http:method-get': {
    stage: 'http',
    description: 'GET instead of POST (SKSML-BIND-10)',
    apply: (r) => ({ ...r, method: 'GET', body: new Uint8Array(0) }),
  },
  'http:content-type-text-plain': {
    stage: 'http',
    description: 'Content-Type text/plain (SKSML-BIND-12)',
    apply: (r) => withContentType(r, 'text/plain; charset=utf-8'),
  },
  'http:no-content-type': {
    stage: 'http',
    description: 'no Content-Type header (SKSML-BIND-12)',
    apply: (r) => withContentType(r, null),
  },
  'http:charset-iso-8859-1': {
    stage: 'http',
    description: 'charset=iso-8859-1 (SKSML-BIND-13)',
    apply: (r, c) =>
      withContentType(
        r,
        (r.headers['content-type'] ?? '').replace(/charset=utf-8/i, 'charset=iso-8859-1') ||
          (c.version === '1.2' ? 'application/soap+xml; charset=iso-8859-1' : 'text/xml; charset=iso-8859-1'),
      ),
  },
  'http:content-type-soap12': {
    stage: 'http',
    description: 'announce SOAP 1.2 (application/soap+xml) whatever the envelope',
    apply: (r) => withAction(r, '1.2', SKSML_ACTIONS.SymkeyRequest),
  },
  'http:content-type-soap11': {
    stage: 'http',
    description: 'announce SOAP 1.1 (text/xml with SOAPAction) whatever the envelope',
    apply: (r) => withAction(r, '1.1', SKSML_ACTIONS.SymkeyRequest),
  },
  'http:oversize-body': {
    stage: 'http',
    description: 'white space after the envelope until the body exceeds the size limit (SKSML-BIND-24)',
    apply: (r, c) => {
      const extra = Math.max(0, c.maxBodyBytes + 1024 - r.body.length);
      const body = new Uint8Array(r.body.length + extra);
      body.set(r.body);
      body.fill(0x20, r.body.length);
      return { ...r, body };
    },
  },
  'http:action-mismatch': {
    stage: 'http',
    description: 'the KeyCachePolicyRequest action for a SymkeyRequest Body (SKSML-BIND-16)',
    apply: (r, c) => withAction(r, c.version, SKSML_ACTIONS.KeyCachePolicyRequest),
  },
  'http:unknown-action': {
    stage: 'http',
    description: 'an action that is no SKSML request action (SKSML-BIND-16)',
    apply: (r, c) => withAction(r, c.version, 'urn:example:sksml-conformance:unknown-action'),
  },
  'http:no-action': {
    stage: 'http',
    description: 'no action announced (SOAP 1.2: no action parameter; SOAP 1.1: SOAPAction "")',
    apply: (r, c) => withAction(r, c.version, null),
  },
  'http:no-soapaction': {
    stage: 'http',
    description: 'SOAP 1.1 request without a SOAPAction header (SKSML-BIND-17)',
    apply: (r) => {
      const headers = { ...r.headers };
      delete headers.soapaction;
      return { ...r, headers };
    },
  },
};

/** A protocol/testkit mutation (`msg:<name>[@site]`) as a payload-stage mutation. */
function treeMutation(spec: string): PayloadMutation {
  const [name = '', siteText = '0'] = spec.slice('msg:'.length).split('@');
  const mutation = mutationByName(name);
  const siteIndex = Number(siteText);
  return {
    stage: 'payload',
    description: mutation.description,
    apply: (xml) => {
      const root = parseXml(xml).root;
      const site = mutation.applies(root)[siteIndex];
      if (site === undefined)
        throw new HarnessError('HARNESS_MUTATION_INAPPLICABLE', `mutation ${spec} has no site ${siteIndex}`);
      return writeXml(mutation.apply(root, site));
    },
  };
}

export function mutationNamed(name: string): NamedMutation {
  if (name.startsWith('msg:')) {
    try {
      return treeMutation(name);
    } catch (e) {
      if (e instanceof HarnessError) throw e;
      throw new HarnessError('HARNESS_UNKNOWN_MUTATION', `unknown mutation ${name}`, { cause: e });
    }
  }
  const m = Object.hasOwn(NAMED_MUTATIONS, name) ? NAMED_MUTATIONS[name] : undefined;
  if (m === undefined) throw new HarnessError('HARNESS_UNKNOWN_MUTATION', `unknown mutation ${name}`);
  return m;
}

export function encodeText(text: string): Uint8Array {
  return ENC.encode(text);
}

export function decodeText(bytes: Uint8Array): string {
  return DEC.decode(bytes);
}

export { actionHeaders };
