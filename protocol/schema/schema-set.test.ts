import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalog } from './catalog.ts';
import { findDoctype } from './doctype-guard.ts';
import { draft8ReferenceSkipReason } from '../testkit/reference-schemas.ts';
import { createDraft8WorkingCopy, DRAFT8_SCHEMA_SET, SKSML_SCHEMA_SET } from './load.ts';
import { findReferences, prepareSchemaSet, readTargetNamespace, SchemaSetError } from './schema-set.ts';

describe('findReferences', () => {
  it('finds include/import locations and a DOCTYPE system literal, skipping comments', () => {
    const text = [
      '<!DOCTYPE schema PUBLIC "-//X//EN" "http://example.org/s.dtd" [<!ENTITY a "b">]>',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">',
      '<!-- <xs:include schemaLocation="commented.xsd"/> -->',
      "<xs:include schemaLocation='a.xsd'/>",
      '<xs:import namespace="urn:x" schemaLocation="http://example.org/x.xsd"/>',
      '<xs:import namespace="urn:y"/>',
      '</xs:schema>',
    ].join('\n');
    const refs = findReferences(text);
    expect(refs.map((r) => [r.kind, r.value])).toEqual([
      ['dtd', 'http://example.org/s.dtd'],
      ['schema', 'a.xsd'],
      ['schema', 'http://example.org/x.xsd'],
    ]);
    for (const r of refs) expect(text.slice(r.start, r.end)).toBe(r.value);
  });

  it('reads the target namespace', () => {
    expect(
      readTargetNamespace('<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"/>'),
    ).toBe('urn:t');
    expect(readTargetNamespace('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>')).toBe('');
    expect(() => readTargetNamespace('<notaschema/>')).toThrow(SchemaSetError);
  });
});

describe('catalogs', () => {
  it('maps canonical locations and namespace names to the project files', () => {
    const catalog = readCatalog(SKSML_SCHEMA_SET.catalog as string);
    const dsig = catalog.resolveLocation(
      'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd',
    );
    expect(dsig).toBe(join(SKSML_SCHEMA_SET.dir, 'w3c', 'xmldsig.xsd'));
    expect(catalog.resolveLocation('http://docs.oasis-open.org/ekmi/2008/01')).toBe(
      join(SKSML_SCHEMA_SET.dir, 'sksml.xsd'),
    );
    expect(catalog.resolvePublic('-//W3C//DTD XMLSchema  200102//EN')).toBe(
      join(SKSML_SCHEMA_SET.dir, 'w3c', 'empty.dtd'),
    );
    expect(catalog.resolveLocation('http://example.org/unknown.xsd')).toBeNull();
  });

  it('every file the project catalog names exists', () => {
    const text = readFileSync(SKSML_SCHEMA_SET.catalog as string, 'utf8');
    const targets = [...text.matchAll(/\buri="([^"]+)"/g)]
      .map((m) => m[1] as string)
      .filter((u) => !u.includes(':'));
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) expect(existsSync(join(SKSML_SCHEMA_SET.dir, t)), t).toBe(true);
  });

  it('supports rewriteSystem and nextCatalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sksml-catalog-test-'));
    try {
      const ns = 'urn:oasis:names:tc:entity:xmlns:xml:catalog';
      writeFileSync(join(dir, 'a.xml'), `<catalog xmlns="${ns}"><nextCatalog catalog="b.xml"/></catalog>`);
      writeFileSync(
        join(dir, 'b.xml'),
        `<catalog xmlns="${ns}"><rewriteSystem systemIdStartString="http://example.org/s/" rewritePrefix="local/"/></catalog>`,
      );
      expect(readCatalog(join(dir, 'a.xml')).resolveLocation('http://example.org/s/x/y.xsd')).toBe(
        join(dir, 'local', 'x', 'y.xsd'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const referenceSkip = draft8ReferenceSkipReason();

describe('prepareSchemaSet', () => {
  it('uses a single document in place', () => {
    const set = prepareSchemaSet(SKSML_SCHEMA_SET, { localOnly: true });
    expect(set.entry).toBe(join(SKSML_SCHEMA_SET.dir, 'sksml.xsd'));
    expect(set.workDir).toBeNull();
    set.dispose();
  });

  it.skipIf(referenceSkip !== null)(
    'builds a driver for several same-namespace documents and localises remote imports',
    () => {
      const set = prepareSchemaSet(DRAFT8_SCHEMA_SET, { localOnly: true });
      try {
        expect(set.workDir).not.toBeNull();
        const copied = readFileSync(join(set.workDir as string, '0-driver.xsd'), 'utf8');
        expect(copied).toMatch(/targetNamespace="http:\/\/docs.oasis-open.org\/ekmi\/2008\/01"/);
        const xenc = readFileSync(join(set.workDir as string, readdirXenc(set.workDir as string)), 'utf8');
        expect(xenc).not.toMatch(/http:\/\/www\.w3\.org\/TR\/2002\/REC-xmldsig/);
        expect(xenc).not.toMatch(/"http:\/\/www\.w3\.org\/2001\/XMLSchema\.dtd"/);
      } finally {
        set.dispose();
      }
      expect(existsSync(set.workDir as string)).toBe(false);
    },
  );

  it.skipIf(referenceSkip !== null)('refuses a remote location that the catalog does not map', () => {
    const copy = createDraft8WorkingCopy();
    try {
      expect(() => prepareSchemaSet({ ...copy.source, catalog: undefined }, { localOnly: true })).toThrow(
        /not mapped/,
      );
    } finally {
      copy.dispose();
    }
  });
});

describe.skipIf(referenceSkip !== null)('DRAFT 8.0 working copy', () => {
  it('changes only the SymkeyResponse wildcard', () => {
    const copy = createDraft8WorkingCopy();
    try {
      const before = readFileSync(join(DRAFT8_SCHEMA_SET.dir, 'symkeyResponse.xsd'), 'utf8');
      const after = readFileSync(join(copy.source.dir, 'symkeyResponse.xsd'), 'utf8');
      expect(after).not.toBe(before);
      expect(after).toContain('namespace="##other"');
      expect(after.replace('<xsd:any namespace="##other" minOccurs="0"/>', '<xsd:any minOccurs="0" />')).toBe(
        before,
      );
    } finally {
      copy.dispose();
    }
    expect(existsSync(copy.source.dir)).toBe(false);
  });
});

describe('findDoctype', () => {
  it('flags DOCTYPE and ENTITY in any case with position, and passes plain documents', () => {
    expect(findDoctype('libxml2', '<a/>')).toBeNull();
    expect(findDoctype('xerces', '<?xml version="1.0"?>\n  <!doctype a><a/>')).toMatchObject({
      line: 2,
      column: 3,
    });
    expect(findDoctype('xerces', '<a><!ENTITY x "y"></a>')).not.toBeNull();
  });
});

function readdirXenc(dir: string): string {
  const name = readdirSync(dir).find((n) => n.endsWith('xenc-schema.xsd'));
  if (name === undefined) throw new Error('xenc copy missing');
  return name;
}
