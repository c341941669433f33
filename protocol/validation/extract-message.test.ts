import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import { childElements } from '../xml/tree.ts';
import { elementChain, serializeForSchema } from './extract-message.ts';
import { locateSksmlMessage } from './locate-message.ts';
import { readExample } from './test-support.ts';

describe('serializeForSchema', () => {
  it('keeps the original line of every element and the in-scope namespaces', () => {
    const doc = parseXml(readExample('invalid/soap12-symkey-response-time-window.xml'));
    const located = locateSksmlMessage(doc);
    if (!located.ok) throw new Error('expected a message');
    const chain = elementChain(doc.root, located.message) ?? [];
    expect(chain.map((e) => e.localName)).toEqual(['Envelope', 'Body', 'SymkeyResponse']);
    const text = serializeForSchema(located.message, chain.slice(0, -1));
    const reparsed = parseXml(text);
    expect(reparsed.root.localName).toBe('SymkeyResponse');
    expect(reparsed.root.namespaceURI).toBe('http://docs.oasis-open.org/ekmi/2008/01');
    const walk = (a: typeof reparsed.root, b: typeof located.message): void => {
      expect(a.position.line).toBe(b.position.line);
      expect(a.name).toBe(b.name);
      const ka = childElements(a);
      const kb = childElements(b);
      expect(ka.length).toBe(kb.length);
      ka.forEach((k, i) => walk(k, kb[i] as typeof k));
    };
    walk(reparsed.root, located.message);
  });

  it('escapes text and attribute values and carries default namespaces', () => {
    const doc = parseXml(
      '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns="urn:d"><e:Body><m a="&quot;&lt;">x &amp; &lt;y&gt;</m></e:Body></e:Envelope>',
    );
    const body = childElements(doc.root)[0];
    const m = body ? childElements(body)[0] : undefined;
    if (!body || !m) throw new Error('setup');
    const text = serializeForSchema(m, [doc.root, body]);
    const back = parseXml(text).root;
    expect(back.namespaceURI).toBe('urn:d');
    expect(back.attributes[0]?.value).toBe('"<');
    expect(back.children[0]).toMatchObject({ kind: 'text', value: 'x & <y>' });
  });
});
