import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSymkeyRequest } from '../../protocol/model/parse/parse-symkey-request.ts';
import { SKSML_ACTIONS } from '../../protocol/soap/actions.ts';
import { parseEnvelope } from '../../protocol/soap/envelope.ts';
import { checkEnvelopeBinding } from '../../protocol/soap/http-binding.ts';
import { SKSML_NS } from '../../protocol/soap/namespaces.ts';
import { toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { childElements, type XmlElement } from '../../protocol/xml/tree.ts';
import {
  SKS_WSDL_NAMES,
  SKS_WSDL_NS,
  WSDL_NS,
  WSDL_SOAP11_NS,
  WSDL_SOAP12_NS,
  XSD_NS,
  buildWsdl,
  checkEndpointUrl,
} from './build-wsdl.ts';
import {
  SERVED_SCHEMAS,
  WSDL_MESSAGE_SCHEMAS,
  readServedSchema,
  rewriteSchemaLocations,
} from './served-schemas.ts';

const ENDPOINT = 'http://sks.test:8080/sks';

function children(el: XmlElement, ns: string, local: string): XmlElement[] {
  return childElements(el).filter((c) => c.namespaceURI === ns && c.localName === local);
}
function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attributes.find((a) => a.name === name && a.namespaceURI === null)?.value;
}

describe('buildWsdl', () => {
  const root = parseXml(buildWsdl({ endpointUrl: ENDPOINT })).root;

  it('is a WSDL 1.1 definitions document of the project namespace', () => {
    expect(root.namespaceURI).toBe(WSDL_NS);
    expect(root.localName).toBe('definitions');
    expect(attr(root, 'targetNamespace')).toBe(SKS_WSDL_NS);
  });

  it('includes the four SKSML message schemas through the endpoint', () => {
    const schema = children(children(root, WSDL_NS, 'types')[0]!, XSD_NS, 'schema')[0]!;
    expect(attr(schema, 'targetNamespace')).toBe(SKSML_NS);
    expect(children(schema, XSD_NS, 'include').map((i) => attr(i, 'schemaLocation'))).toEqual(
      WSDL_MESSAGE_SCHEMAS.map((n) => `${ENDPOINT}?xsd=${n}`),
    );
  });

  it('declares one message per SKSML element, document/literal', () => {
    const messages = children(root, WSDL_NS, 'message');
    expect(messages.map((m) => attr(m, 'name'))).toEqual([
      'SymkeyRequest',
      'SymkeyResponse',
      'KeyCachePolicyRequest',
      'KeyCachePolicyResponse',
    ]);
    for (const m of messages) {
      const parts = children(m, WSDL_NS, 'part');
      expect(parts).toHaveLength(1);
      expect(attr(parts[0], 'element')).toBe(`ekmi:${attr(m, 'name')}`);
      expect(attr(parts[0], 'type')).toBeUndefined();
    }
  });

  it('has a port type with both operations and a SOAP 1.2 and a SOAP 1.1 binding with the action URIs', () => {
    const portType = children(root, WSDL_NS, 'portType')[0]!;
    expect(children(portType, WSDL_NS, 'operation').map((o) => attr(o, 'name'))).toEqual([
      'SymkeyRequest',
      'KeyCachePolicyRequest',
    ]);
    const bindings = children(root, WSDL_NS, 'binding');
    expect(bindings.map((b) => attr(b, 'name'))).toEqual([
      SKS_WSDL_NAMES.soap12Binding,
      SKS_WSDL_NAMES.soap11Binding,
    ]);
    for (const [b, ns] of [
      [bindings[0]!, WSDL_SOAP12_NS],
      [bindings[1]!, WSDL_SOAP11_NS],
    ] as const) {
      const soapBinding = children(b, ns, 'binding')[0];
      expect(attr(soapBinding, 'style')).toBe('document');
      expect(attr(soapBinding, 'transport')).toBe('http://schemas.xmlsoap.org/soap/http');
      for (const op of children(b, WSDL_NS, 'operation')) {
        const name = attr(op, 'name') as 'SymkeyRequest' | 'KeyCachePolicyRequest';
        expect(attr(children(op, ns, 'operation')[0], 'soapAction')).toBe(SKSML_ACTIONS[name]);
        for (const dir of ['input', 'output'])
          expect(attr(children(children(op, WSDL_NS, dir)[0]!, ns, 'body')[0], 'use')).toBe('literal');
      }
    }
  });

  it('has one service with a port per binding at the endpoint', () => {
    const service = children(root, WSDL_NS, 'service')[0]!;
    const ports = children(service, WSDL_NS, 'port');
    expect(ports.map((p) => attr(p, 'name'))).toEqual([SKS_WSDL_NAMES.soap12Port, SKS_WSDL_NAMES.soap11Port]);
    expect(attr(children(ports[0]!, WSDL_SOAP12_NS, 'address')[0], 'location')).toBe(ENDPOINT);
    expect(attr(children(ports[1]!, WSDL_SOAP11_NS, 'address')[0], 'location')).toBe(ENDPOINT);
  });

  it('escapes the endpoint and refuses URLs that are not plain http(s) endpoints', () => {
    const odd = 'https://sks.test/a&b"c';
    const parsed = parseXml(buildWsdl({ endpointUrl: odd })).root;
    const port = children(children(parsed, WSDL_NS, 'service')[0]!, WSDL_NS, 'port')[0]!;
    expect(attr(children(port, WSDL_SOAP12_NS, 'address')[0], 'location')).toBe(checkEndpointUrl(odd));
    for (const bad of [
      '/sks',
      'ftp://h/sks',
      'http://h/sks?wsdl',
      'http://h/sks#x',
      'http://u:p@h/sks',
      'javascript:alert(1)',
    ])
      expect(() => buildWsdl({ endpointUrl: bad }), bad).toThrow(RangeError);
  });
});

describe('served schemas', () => {
  it('serves every allowlisted schema with each schemaLocation rewritten to a served ?xsd= reference', () => {
    for (const name of SERVED_SCHEMAS) {
      const served = readServedSchema(name);
      expect(served?.contentType).toBe('application/xml; charset=utf-8');
      const doc = parseXml(served!.body);
      expect(doc.root.localName).toBe('schema');
      for (const m of served!.body.matchAll(/schemaLocation="([^"]*)"/g)) {
        expect(m[1]).toMatch(/^\?xsd=/);
        expect(SERVED_SCHEMAS).toContain(m[1]!.slice('?xsd='.length));
      }
    }
  });

  it('serves nothing outside the allowlist', () => {
    for (const name of [
      '../package.json',
      '/etc/passwd',
      'w3c/../sksml.xsd',
      'README.md',
      'catalog.xml',
      'w3c/empty.dtd',
      '',
      'SKSML.XSD',
      'sksml.xsd ',
      'sksml.xsd\0',
    ])
      expect(readServedSchema(name), JSON.stringify(name)).toBeNull();
  });

  it('refuses to rewrite a schema whose references leave the allowlist', () => {
    expect(() => rewriteSchemaLocations('w3c/xmlenc.xsd', '<x schemaLocation="../../secret.xsd"/>')).toThrow(
      /not served/,
    );
    expect(rewriteSchemaLocations('oasis/wss-secext.xsd', '<x schemaLocation="../w3c/xml.xsd"/>')).toBe(
      '<x schemaLocation="?xsd=w3c/xml.xsd"/>',
    );
  });
});

const PYTHON = '/usr/bin/python3';
const zeepAvailable = spawnSync(PYTHON, ['-c', 'import zeep'], { stdio: 'ignore' }).status === 0;
const zeepSkip = toolSkipReason('python3-zeep', zeepAvailable);

describe.skipIf(zeepSkip !== null)(`zeep loads the WSDL offline ${zeepSkip ?? ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-wsdl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  interface ZeepResult {
    bindings: Record<
      string,
      { soap: string; operations: Record<string, { soapAction: string; input: string; output: string }> }
    >;
    ports: Record<string, string>;
    requested: string[];
    messages: Record<string, Record<string, string>>;
  }

  function runZeep(): ZeepResult {
    const files: Record<string, string> = {};
    writeFileSync(join(dir, 'service.wsdl'), buildWsdl({ endpointUrl: ENDPOINT }));
    files[`${ENDPOINT}?wsdl`] = join(dir, 'service.wsdl');
    SERVED_SCHEMAS.forEach((name, i) => {
      writeFileSync(join(dir, `schema-${i}.xsd`), readServedSchema(name)!.body);
      files[`${ENDPOINT}?xsd=${name}`] = join(dir, `schema-${i}.xsd`);
    });
    writeFileSync(join(dir, 'map.json'), JSON.stringify(files));
    const script = fileURLToPath(new URL('./zeep-load-wsdl.py', import.meta.url));
    const r = spawnSync(PYTHON, [script, join(dir, 'map.json'), `${ENDPOINT}?wsdl`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as ZeepResult;
  }

  let result: ZeepResult;
  beforeAll(() => {
    result = runZeep();
  });

  it('lists both operations in both bindings, with the action URIs', () => {
    const expected = {
      SymkeyRequest: {
        soapAction: SKSML_ACTIONS.SymkeyRequest,
        input: `{${SKSML_NS}}SymkeyRequest`,
        output: `{${SKSML_NS}}SymkeyResponse`,
      },
      KeyCachePolicyRequest: {
        soapAction: SKSML_ACTIONS.KeyCachePolicyRequest,
        input: `{${SKSML_NS}}KeyCachePolicyRequest`,
        output: `{${SKSML_NS}}KeyCachePolicyResponse`,
      },
    };
    expect(result.bindings[`{${SKS_WSDL_NS}}${SKS_WSDL_NAMES.soap12Binding}`]).toEqual({
      soap: 'Soap12Binding',
      operations: expected,
    });
    expect(result.bindings[`{${SKS_WSDL_NS}}${SKS_WSDL_NAMES.soap11Binding}`]).toEqual({
      soap: 'Soap11Binding',
      operations: expected,
    });
    expect(result.ports).toEqual({
      [SKS_WSDL_NAMES.soap12Port]: ENDPOINT,
      [SKS_WSDL_NAMES.soap11Port]: ENDPOINT,
    });
  });

  it('fetched only the WSDL and served schemas, through the endpoint', () => {
    for (const url of result.requested) expect(url.startsWith(`${ENDPOINT}?`)).toBe(true);
    expect(result.requested).toContain(`${ENDPOINT}?xsd=sksml-core.xsd`);
  });

  it('builds requests from the schema that our SOAP binding and model accept', () => {
    for (const [port, version] of [
      [SKS_WSDL_NAMES.soap12Port, '1.2'],
      [SKS_WSDL_NAMES.soap11Port, '1.1'],
    ] as const) {
      const env = parseEnvelope(parseXml(result.messages[port]!.SymkeyRequest!));
      expect(env.version).toBe(version);
      expect(
        checkEnvelopeBinding({ version, action: SKSML_ACTIONS.SymkeyRequest, message: 'SymkeyRequest' }, env),
      ).toBe('SymkeyRequest');
      expect(parseSymkeyRequest(env.payload)).toEqual({
        kind: 'keys',
        globalKeyIds: [{ domainId: 32473n, serverId: 0n, keyId: 0n }],
        keyClasses: ['DEFAULT'],
      });
      const kcp = parseEnvelope(parseXml(result.messages[port]!.KeyCachePolicyRequest!));
      expect(checkEnvelopeBinding({ version, action: null, message: null }, kcp)).toBe(
        'KeyCachePolicyRequest',
      );
    }
  });
});
