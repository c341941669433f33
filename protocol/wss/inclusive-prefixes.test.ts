import { describe, expect, it } from 'vitest';
import { buildFault } from '../soap/build-fault.ts';
import { parseXml } from '../xml/intake.ts';
import { childElements, type XmlElement } from '../xml/tree.ts';
import { newElement, newText } from './build-nodes.ts';
import { findBodyInclusivePrefixes } from './inclusive-prefixes.ts';

const EKMI = 'http://docs.oasis-open.org/ekmi/2008/01';

/** The PrefixList of the Body of `envelopeXml` (the Body is the last child of the Envelope). */
function prefixesOf(envelopeXml: string): string[] {
  const envelope = parseXml(envelopeXml).root;
  const body = childElements(envelope).at(-1) as XmlElement;
  return findBodyInclusivePrefixes(body, [envelope]);
}

const envelope12 = (body: string, declarations = ''): string =>
  `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"${declarations}><env:Body>${body}</env:Body></env:Envelope>`;

describe('findBodyInclusivePrefixes', () => {
  it('lists the prefixes declared inside the Body that no name of their element uses', () => {
    const ordinary = `<ekmi:SymkeyRequest xmlns:ekmi="${EKMI}"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`;
    expect(prefixesOf(envelope12(ordinary))).toEqual([]);
    expect(
      prefixesOf(envelope12('<ekmi:X><ekmi:Y>Active</ekmi:Y></ekmi:X>', ` xmlns:ekmi="${EKMI}"`)),
    ).toEqual([]);
    expect(
      prefixesOf(envelope12('<q:M xmlns:q="urn:q" xmlns:u="urn:u"><q:N xmlns:v="urn:v" v:a="1"/></q:M>')),
    ).toEqual(['u']);
    // The same prefix declared again lower down, for content only, is listed.
    expect(
      prefixesOf(envelope12('<q:M xmlns:q="urn:q"><r:N xmlns:r="urn:r" xmlns:q="urn:q2"/></q:M>')),
    ).toEqual(['q']);
  });

  it('lists the QName prefixes of SOAP 1.2 fault codes and subcodes', () => {
    const fault = buildFault({
      version: '1.2',
      code: 'Sender',
      subcode: { namespace: EKMI, localName: 'PermissionDenied', prefix: 'ekmi' },
      reason: 'denied',
    });
    expect(prefixesOf(fault)).toEqual(['ekmi', 'env']);
  });

  it('lists the QName prefix of a SOAP 1.1 faultcode', () => {
    const plain = buildFault({ version: '1.1', code: 'Sender', reason: 'bad' });
    expect(prefixesOf(plain)).toEqual(['soap']);
    const wss = buildFault({
      version: '1.1',
      code: 'Sender',
      subcode: {
        namespace: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
        localName: 'FailedCheck',
        prefix: 'wsse',
      },
      reason: 'bad',
    });
    expect(prefixesOf(wss)).toEqual(['wsse']);
  });

  it('uses #default for a default namespace declaration and for an unprefixed fault subcode', () => {
    expect(prefixesOf(envelope12('<q:M xmlns:q="urn:q" xmlns="urn:m"><q:N/></q:M>'))).toEqual(['#default']);
    // An unprefixed element uses the default namespace it declares (c14n renders it anyway).
    expect(prefixesOf(envelope12('<M xmlns="urn:m"><N xmlns="">x</N></M>'))).toEqual([]);
    const bare = buildFault({
      version: '1.2',
      code: 'Sender',
      subcode: { namespace: '', localName: 'Local' },
      reason: 'r',
    });
    expect(prefixesOf(bare)).toEqual(['#default', 'env']);
  });

  it('lists a QName prefix of text or attribute values only when that prefix is in scope', () => {
    const body =
      '<env:Fault2 a="p:v"><env:T>q:w</env:T><env:U> r:x </env:U><env:V>urn:isbn</env:V></env:Fault2>';
    expect(prefixesOf(envelope12(body, ' xmlns:p="urn:p" xmlns:q="urn:q" xmlns:r="urn:r"'))).toEqual([
      'p',
      'q',
      'r',
    ]);
    // Text that is not a QName, mixed content and unbound prefixes are left out.
    const other =
      '<env:A>a:b:c</env:A><env:B>p:v<env:C/></env:B><env:D>http://x</env:D><env:E>nope:x</env:E>';
    expect(prefixesOf(envelope12(`<env:W>${other}</env:W>`, ' xmlns:p="urn:p"'))).toEqual([]);
  });

  it('counts a prefix bound only by the name that uses it (a writer declares it) as in scope', () => {
    const envelope = parseXml(envelope12('<env:X>wsu:Thing</env:X>')).root;
    const body = childElements(envelope)[0]!;
    const withId: XmlElement = {
      ...body,
      attributes: [
        {
          name: 'wsu:Id',
          prefix: 'wsu',
          localName: 'Id',
          namespaceURI: 'urn:wsu',
          value: 'b1',
          position: body.position,
        },
      ],
    };
    expect(findBodyInclusivePrefixes(body, [envelope])).toEqual([]);
    expect(findBodyInclusivePrefixes(withId, [envelope])).toEqual(['wsu']);
  });

  it('never lists xml or xmlns, and deduplicates', () => {
    const body =
      '<q:M xmlns:q="urn:q"><q:N xmlns:q="urn:q2">xml:lang</q:N><q:O>q:x</q:O><q:P>xmlns:q</q:P></q:M>';
    expect(prefixesOf(envelope12(body))).toEqual(['q']);
  });

  it('walks a very deep Body without recursion', () => {
    let inner: XmlElement = newElement('urn:q', 'q', 'd', { children: [newText('q:x')] });
    for (let k = 0; k < 50_000; k++) inner = newElement('urn:q', 'q', 'd', { children: [inner] });
    const body = newElement('urn:env', 'env', 'Body', { children: [inner] });
    const envelope = newElement('urn:env', 'env', 'Envelope', {
      namespaceDeclarations: [{ prefix: 'env', uri: 'urn:env' }],
      children: [body],
    });
    expect(findBodyInclusivePrefixes(body, [envelope])).toEqual(['q']);
  });
});
