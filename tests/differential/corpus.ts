/**
 * Builds the differential corpus deterministically from a seed: valid instances of every SKSML
 * message (fast-check arbitraries, serialized by the model writer), named mutations of them, and
 * the errata samples of protocol/schema/sample-messages.ts (one document per divergence).
 */
import fc from 'fast-check';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import { serializeSksmlMessage } from '../../protocol/model/serialize/serialize-messages.ts';
import {
  arbitraryKeyCachePolicyRequest,
  arbitraryKeyCachePolicyResponse,
  arbitrarySymkeyRequest,
  arbitrarySymkeyResponse,
} from '../../protocol/testkit/arbitraries/index.ts';
import { ERRATA_DIVERGENT } from '../../protocol/schema/sample-messages.ts';
import { arbitraryMutation } from '../../protocol/testkit/mutations.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { writeXml } from '../../protocol/xml/writer.ts';
import type { CorpusDocument } from './verdicts.ts';

export const DEFAULT_SEED = 20081118;

export interface CorpusSize {
  /** Valid documents per message type. */
  readonly valid: Readonly<Record<SksmlMessage['type'], number>>;
  /** Mutations drawn in total, spread evenly over the valid documents (duplicates are dropped). */
  readonly mutations: number;
}

/**
 * >= 800 valid and >= 1,200 mutated documents. KeyCachePolicyRequest is always empty, so only a
 * few of those are generated.
 */
export const DEFAULT_CORPUS_SIZE: CorpusSize = {
  valid: { SymkeyRequest: 250, SymkeyResponse: 290, KeyCachePolicyRequest: 4, KeyCachePolicyResponse: 266 },
  mutations: 1350,
};

function messages(seed: number, size: CorpusSize): SksmlMessage[] {
  const sample = <T>(arb: fc.Arbitrary<T>, n: number, offset: number): T[] =>
    n === 0 ? [] : fc.sample(arb, { seed: seed + offset, numRuns: n });
  return [
    ...sample(arbitrarySymkeyRequest(), size.valid.SymkeyRequest, 1).map((message) => ({
      type: 'SymkeyRequest' as const,
      message,
    })),
    ...sample(arbitrarySymkeyResponse(), size.valid.SymkeyResponse, 2).map((message) => ({
      type: 'SymkeyResponse' as const,
      message,
    })),
    ...sample(arbitraryKeyCachePolicyRequest(), size.valid.KeyCachePolicyRequest, 3).map((message) => ({
      type: 'KeyCachePolicyRequest' as const,
      message,
    })),
    ...sample(arbitraryKeyCachePolicyResponse(), size.valid.KeyCachePolicyResponse, 4).map((message) => ({
      type: 'KeyCachePolicyResponse' as const,
      message,
    })),
  ];
}

export function buildCorpus(
  seed: number = DEFAULT_SEED,
  size: CorpusSize = DEFAULT_CORPUS_SIZE,
): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  const valid = messages(seed, size).map((m, i): CorpusDocument => {
    const xml = serializeSksmlMessage(m);
    return {
      id: `v${i}`,
      origin: 'valid',
      messageType: m.type,
      mutation: null,
      site: null,
      tree: parseXml(xml).root,
      xml,
    };
  });
  out.push(...valid);
  valid.forEach((doc, i) => {
    const count =
      Math.floor(((i + 1) * size.mutations) / valid.length) - Math.floor((i * size.mutations) / valid.length);
    if (count === 0) return;
    const draws = fc.sample(arbitraryMutation(doc.tree), { seed: seed + 1000 + i, numRuns: count });
    const seen = new Set<string>();
    draws.forEach((applied, k) => {
      const xml = writeXml(applied.tree);
      if (xml === doc.xml || seen.has(xml)) return;
      seen.add(xml);
      out.push({
        id: `m${i}.${k}`,
        origin: 'mutated',
        messageType: doc.messageType,
        mutation: applied.mutation,
        site: applied.site,
        tree: applied.tree,
        xml,
      });
    });
  });
  ERRATA_DIVERGENT.forEach((sample, i) => {
    out.push({
      id: `s${i}`,
      origin: 'sample',
      messageType: parseXml(sample.xml).root.localName,
      mutation: null,
      site: null,
      tree: parseXml(sample.xml).root,
      xml: sample.xml,
      ...(sample.breaks === undefined ? {} : { expectedErratum: sample.breaks }),
    });
  });
  return out;
}
