import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.ts';
import { keyCachePolicyToJson, keyUsePolicyToJson } from '../config/config-to-json.ts';
import { defaultDevConfig } from '../config/default-dev-config.ts';
import { parseKeyClassFile } from './key-class-file.ts';

const config = defaultDevConfig('/nonexistent');
const server = { domainId: config.domainId, configured: config.keyClasses };

function entry(name: string, localId: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = config.keyClasses[0]!;
  return {
    name,
    keyUsePolicy: {
      ...(keyUsePolicyToJson(base.keyUsePolicy) as object),
      id: `${config.domainId}-${localId}`,
    },
    keyCachePolicy: {
      ...(keyCachePolicyToJson(base.keyCachePolicy) as object),
      id: `${config.domainId}-${localId}`,
    },
    ...extra,
  };
}

function issuesOf(text: string): string[] {
  try {
    parseKeyClassFile(text, 'file.json', server);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('parseKeyClassFile', () => {
  it('reads an array, an object with keyClasses, and a whole configuration file alike', () => {
    const classes = [
      entry('ONE', 10),
      entry('TWO', 11, { requiresApproval: true, requestCheckInterval: 120 }),
    ];
    const fromArray = parseKeyClassFile(JSON.stringify(classes), 'a', server);
    const fromObject = parseKeyClassFile(JSON.stringify({ keyClasses: classes }), 'b', server);
    const fromConfig = parseKeyClassFile(
      JSON.stringify({ domainId: 1, serverId: 2, keyClasses: classes }),
      'c',
      server,
    );
    for (const parsed of [fromArray, fromObject, fromConfig]) {
      expect(parsed.classes.map((c) => [c.name, c.requiresApproval, c.requestCheckInterval])).toEqual([
        ['ONE', false, 300],
        ['TWO', true, 120],
      ]);
      expect(parsed.classes[1]!.keyUsePolicy.keyClass).toBe('TWO');
      expect(parsed.classes[1]!.keyCachePolicy.keyClass).toBe('TWO');
    }
  });

  it('needs no default class (unlike a configuration)', () => {
    expect(parseKeyClassFile(JSON.stringify([entry('ONE', 10)]), 'f', server).classes[0]!.isDefault).toBe(
      false,
    );
  });

  it('reports every problem with its field path', () => {
    const issues = issuesOf(
      JSON.stringify([
        entry('A', 10, { colour: 'red' }),
        { ...entry('B', 11), keyUsePolicy: { ...(entry('B', 11).keyUsePolicy as object), keySize: 100 } },
        entry('', 12),
      ]),
    );
    expect(issues.some((i) => i.startsWith('keyClasses[0].colour: unknown key'))).toBe(true);
    expect(issues.some((i) => i.startsWith('keyClasses[1].keyUsePolicy.keySize'))).toBe(true);
    expect(issues.some((i) => i.startsWith('keyClasses[2].name'))).toBe(true);
  });

  it('refuses duplicate names and policy IDs, and IDs of another configured class', () => {
    expect(issuesOf(JSON.stringify([entry('A', 10), entry('A', 11)]))).toContainEqual(
      'keyClasses[1].name: key class name "A" is also used by keyClasses[0]',
    );
    expect(issuesOf(JSON.stringify([entry('A', 10), entry('B', 10)])).length).toBe(2);
    const taken = issuesOf(JSON.stringify([entry('NEW', 1)]));
    expect(taken).toContainEqual(
      `keyClasses[0].keyUsePolicy.id: KeyUsePolicyID ${config.domainId}-1 belongs to configured class "DEFAULT"`,
    );
    // A configured class may keep its own IDs.
    expect(issuesOf(JSON.stringify([entry('DEFAULT', 1)]))).toEqual([]);
  });

  it('refuses what is not a list of classes', () => {
    expect(issuesOf('{"classes": []}')).toContainEqual(
      'keyClasses: is required (or give the key classes as a JSON array)',
    );
    expect(issuesOf('[]')).toContainEqual('keyClasses: must have at least 1 item');
    expect(issuesOf('"text"')[0]).toMatch(/^keyClasses: must be an array/);
    expect(() => parseKeyClassFile('{"keyClasses": [], "keyClasses": []}', 'f', server)).toThrow(
      /given twice/,
    );
  });

  it('warns about an Inactive KeyUsePolicy', () => {
    const inactive = entry('OFF', 20);
    (inactive.keyUsePolicy as Record<string, unknown>).status = 'Inactive';
    const parsed = parseKeyClassFile(JSON.stringify([inactive]), 'f', server);
    expect(parsed.warnings.map((w) => w.path)).toContain('keyClasses[0].keyUsePolicy.status');
  });

  it('does not remark on requestCheckInterval, which a stored class does not keep', () => {
    const parsed = parseKeyClassFile(
      JSON.stringify([entry('ONE', 10, { requiresApproval: false, requestCheckInterval: 120 })]),
      'f',
      server,
    );
    expect(parsed.classes.map((c) => c.requestCheckInterval)).toEqual([120]);
    expect(parsed.warnings).toEqual([]);
  });
});
