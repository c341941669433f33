import { describe, expect, it } from 'vitest';
import { createKeyUser } from '../usage/key-user.ts';
import { createMemoryKeyUseStateStore } from '../usage/key-use-state-store.ts';
import type { KeyMaterial } from '../usage/key-material.ts';
import { materialFor, policyWith } from '../usage/usage-test-support.ts';
import { KeyUseDeniedError } from '../usage/usage-errors.ts';
import { decryptData } from './decrypt-data.ts';
import { encryptData } from './encrypt-data.ts';
import type { DataKeySource } from './key-source.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

/** A key source over fixed candidates; records which candidates were handed out. */
function sourceOf(candidates: KeyMaterial[]): DataKeySource & { readonly handedOut: string[] } {
  const handedOut: string[] = [];
  const copy = (m: KeyMaterial): KeyMaterial => ({ ...m, key: new Uint8Array(m.key) });
  return {
    handedOut,
    async *newKeys() {
      for (const c of candidates) {
        handedOut.push(c.globalKeyId);
        yield await Promise.resolve(copy(c));
      }
    },
    key: (id) => {
      const found = candidates.find((c) => c.globalKeyId === id);
      return found === undefined ? Promise.reject(new Error('unknown key')) : Promise.resolve(copy(found));
    },
  };
}

describe('encryptData', () => {
  const onlyPayroll = policyWith({ permittedUses: { any: false, uses: ['payroll'] } });

  it('skips a candidate the KeyUsePolicy refuses and uses the next one', async () => {
    const source = sourceOf([
      { ...materialFor('10514-1-1', policyWith({}, { status: 'Inactive' })), source: 'cache' },
      materialFor('10514-1-2', policyWith()),
    ]);
    const user = createKeyUser({ states: createMemoryKeyUseStateStore(), clock: () => T0 });
    const result = await encryptData(source, user, new TextEncoder().encode('x'));
    expect(source.handedOut).toEqual(['10514-1-1', '10514-1-2']);
    expect(result.globalKeyId).toBe('10514-1-2');
  });

  it('throws the refusal when no candidate may encrypt, and stops at the first that may', async () => {
    const source = sourceOf([materialFor('10514-1-3', onlyPayroll), materialFor('10514-1-4', onlyPayroll)]);
    const states = createMemoryKeyUseStateStore();
    const user = createKeyUser({ states, clock: () => T0 });
    const e = await encryptData(source, user, new Uint8Array(4), { use: 'marketing' }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(KeyUseDeniedError);
    expect((e as KeyUseDeniedError).globalKeyId).toBe('10514-1-4');
    expect(states.states.size).toBe(0);

    const ok = await encryptData(source, user, new Uint8Array(4), { use: 'payroll' });
    expect(ok.globalKeyId).toBe('10514-1-3');
    expect(source.handedOut.slice(-1)).toEqual(['10514-1-3']);
    expect(states.states.get('10514-1-3')?.encryptionsPerformed).toBe(1n);
    const back = await decryptData(source, user, ok.xml, { use: 'payroll' });
    expect(back.data).toEqual(new Uint8Array(4));
    expect(states.states.get('10514-1-3')?.encryptionsPerformed).toBe(1n);
  });
});
