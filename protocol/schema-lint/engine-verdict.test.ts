import { describe, expect, it } from 'vitest';
import { isUpaMessage, parseLocatedMessage, verdictFindings } from './engine-verdict.ts';

describe('engine verdicts', () => {
  it('recognise UPA messages of Xerces and libxml2', () => {
    expect(isUpaMessage('cos-nonambig: "urn:x":A and WC[##any] violate "Unique Particle Attribution"')).toBe(
      true,
    );
    expect(isUpaMessage('local complex type: The content model is not determinist.')).toBe(true);
    expect(isUpaMessage("src-resolve: Cannot resolve the name 't:Missing'")).toBe(false);
  });

  it('split libxml2 located messages', () => {
    expect(parseLocatedMessage('symkeyResponse.xsd:70: element complexType: bad')).toEqual({
      file: 'symkeyResponse.xsd',
      line: 70,
      message: 'element complexType: bad',
    });
    expect(parseLocatedMessage('no location here')).toEqual({
      file: null,
      line: null,
      message: 'no location here',
    });
  });

  it('turn a failed compile into de-duplicated error findings, and an unavailable engine into a note', () => {
    const message = { message: 'cos-nonambig: x', file: null, line: 3 };
    const failed = verdictFindings({ engine: 'xerces', status: 'failed', messages: [message, message] });
    expect(failed.map((f) => [f.rule, f.severity])).toEqual([['upa-violation', 'error']]);
    expect(verdictFindings({ engine: 'xerces', status: 'compiled', messages: [] })).toEqual([]);
    const none = verdictFindings({ engine: 'xerces', status: 'failed', messages: [] });
    expect(none.map((f) => f.rule)).toEqual(['compile-failed']);
    const missing = verdictFindings({ engine: 'xerces', status: 'unavailable', messages: [] });
    expect(missing.map((f) => [f.rule, f.severity])).toEqual([['engine-unavailable', 'info']]);
  });
});
