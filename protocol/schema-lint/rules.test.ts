import { describe, expect, it } from 'vitest';
import type { LintFinding } from './findings.ts';
import { staticFindings } from './lint.ts';
import { buildSchemaSetModel, parseSchemaDocument, stripDoctype } from './schema-model.ts';

const NS = 'http://docs.oasis-open.org/ekmi/2008/01';

function lintSource(body: string): LintFinding[] {
  const source = `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:t="${NS}" targetNamespace="${NS}" elementFormDefault="qualified">${body}</xsd:schema>`;
  return staticFindings(buildSchemaSetModel('/virtual', [parseSchemaDocument('test.xsd', source)]));
}

function rules(findings: LintFinding[]): string[] {
  return findings.map((f) => `${f.rule}:${f.component ?? ''}:${f.severity}`);
}

describe('unused-type', () => {
  it('reports a named type nothing refers to, and only that one', () => {
    const found = rules(
      lintSource(`
      <xsd:simpleType name="Used"><xsd:restriction base="xsd:string"/></xsd:simpleType>
      <xsd:simpleType name="Unused"><xsd:restriction base="xsd:string"/></xsd:simpleType>
      <xsd:element name="Root" type="t:Used"/>`),
    );
    expect(found).toContain('unused-type:Unused:warning');
    expect(found.filter((f) => f.startsWith('unused-type'))).toHaveLength(1);
  });
});

describe('mixed-content', () => {
  it('flags mixed types with element content but not mixed types without elements', () => {
    const found = rules(
      lintSource(`
      <xsd:complexType name="Data" mixed="true"><xsd:sequence><xsd:element name="A" type="xsd:string"/></xsd:sequence></xsd:complexType>
      <xsd:complexType name="TextOnly" mixed="true"/>
      <xsd:element name="R1" type="t:Data"/><xsd:element name="R2" type="t:TextOnly"/>`),
    );
    expect(found).toContain('mixed-content:Data:warning');
    expect(found.some((f) => f.startsWith('mixed-content:TextOnly'))).toBe(false);
  });
});

describe('required-nillable', () => {
  it('flags required nillable elements, not optional ones', () => {
    const found = rules(
      lintSource(`
      <xsd:complexType name="T"><xsd:sequence>
        <xsd:element name="Must" type="xsd:string" nillable="true"/>
        <xsd:element name="May" type="xsd:string" nillable="true" minOccurs="0"/>
      </xsd:sequence></xsd:complexType><xsd:element name="R" type="t:T"/>`),
    );
    expect(found).toContain('required-nillable:T/Must:warning');
    expect(found.some((f) => f.includes('T/May'))).toBe(false);
  });
});

describe('wildcard-beside-elements / ambiguous-choice', () => {
  it('flags ##any beside elements (also inside a sequence branch), as an error', () => {
    const found = rules(
      lintSource(`
      <xsd:element name="A" type="xsd:string"/>
      <xsd:element name="R"><xsd:complexType><xsd:choice>
        <xsd:sequence><xsd:element ref="t:A"/></xsd:sequence>
        <xsd:sequence><xsd:any minOccurs="0"/></xsd:sequence>
      </xsd:choice></xsd:complexType></xsd:element>`),
    );
    expect(found).toContain('wildcard-beside-elements:R (anonymous complexType):error');
  });

  it('accepts a ##other wildcard beside elements of the target namespace', () => {
    const found = rules(
      lintSource(`
      <xsd:element name="A" type="xsd:string"/>
      <xsd:element name="R"><xsd:complexType><xsd:choice>
        <xsd:element ref="t:A"/><xsd:any namespace="##other"/>
      </xsd:choice></xsd:complexType></xsd:element>`),
    );
    expect(found.filter((f) => f.endsWith(':error'))).toEqual([]);
  });

  it('flags two branches starting with the same element', () => {
    const found = rules(
      lintSource(`
      <xsd:element name="R"><xsd:complexType><xsd:choice>
        <xsd:sequence><xsd:element name="A" type="xsd:string"/><xsd:element name="B" type="xsd:string"/></xsd:sequence>
        <xsd:element name="A" type="xsd:string"/>
      </xsd:choice></xsd:complexType></xsd:element>`),
    );
    expect(found).toContain('ambiguous-choice:R (anonymous complexType):error');
  });
});

describe('pattern-exceeds-range / pattern-leading-zeros', () => {
  const documented = (pattern: string, doc = 'each part at most 18446744073709551615'): string => `
    <xsd:simpleType name="IDType"><xsd:annotation><xsd:documentation>${doc}</xsd:documentation></xsd:annotation>
      <xsd:restriction base="xsd:string"><xsd:pattern value="${pattern}"/></xsd:restriction></xsd:simpleType>
    <xsd:element name="R" type="t:IDType"/>`;

  it('is an error when a 20-digit pattern exceeds the documented maximum', () => {
    const found = lintSource(documented('[0-9]{1,20}-[0-9]{1,20}'));
    const f = found.find((x) => x.rule === 'pattern-exceeds-range');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('18446744073709551616');
    expect(found.some((x) => x.rule === 'pattern-leading-zeros')).toBe(true);
  });

  it('is silent for a pattern that enforces the 64-bit bound and forbids leading zeros', () => {
    const uint64 =
      '(0|[1-9][0-9]{0,18}|1[0-7][0-9]{18}|18[0-3][0-9]{17}|184[0-3][0-9]{16}|1844[0-5][0-9]{15}|18446[0-6][0-9]{14}|184467[0-3][0-9]{13}|1844674[0-3][0-9]{12}|184467440[0-6][0-9]{10}|1844674407[0-2][0-9]{9}|18446744073[0-6][0-9]{8}|1844674407370[0-8][0-9]{6}|18446744073709[0-4][0-9]{5}|184467440737095[0-4][0-9]{4}|18446744073709551[0-5][0-9]{2}|1844674407370955160[0-9]|1844674407370955161[0-5])';
    const found = lintSource(documented(`${uint64}-${uint64}`));
    expect(found.filter((x) => x.rule.startsWith('pattern-'))).toEqual([]);
  });

  it('is a warning when the documentation says the bound is enforced outside the schema', () => {
    const found = lintSource(
      documented('[1-9][0-9]{0,19}', 'up to 18446744073709551615, checked by the semantic rules'),
    );
    expect(found.find((x) => x.rule === 'pattern-exceeds-range')?.severity).toBe('warning');
  });

  it('does not probe free-text patterns', () => {
    const found = lintSource(documented('.{1,40}', 'free text; 18446744073709551615 is just a number here'));
    expect(found.filter((x) => x.rule.startsWith('pattern-'))).toEqual([]);
  });
});

describe('stripDoctype', () => {
  it('removes a DOCTYPE with an internal subset and keeps line numbers', () => {
    const src = '<?xml version="1.0"?>\n<!DOCTYPE s [\n<!ENTITY x "]>">\n]>\n<s/>';
    const { text, removed } = stripDoctype(src);
    expect(removed).toBe(true);
    expect(text).not.toContain('DOCTYPE');
    expect(text.split('\n').length).toBe(src.split('\n').length);
  });
});
