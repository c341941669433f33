/** Arbitraries of the four SKSML messages and of the tagged SksmlMessage union. */
import fc from 'fast-check';
import type {
  KeyCachePolicy,
  KeyCachePolicyRequest,
  KeyCachePolicyResponse,
} from '../../model/key-cache-policy.ts';
import type { SksmlMessage } from '../../model/message.ts';
import type { SymkeyRequest } from '../../model/symkey-request.ts';
import type { SymkeyResponse } from '../../model/symkey-response.ts';
import { STATUSES } from '../../model/enumerations.ts';
import {
  arbitraryBytes,
  arbitraryDateTimeRange,
  arbitraryRequestedGlobalKeyID,
  arbitrarySymkeyRequestID,
  arbitraryTwoPartID,
  arbitraryUint64,
  arbitraryXmlString,
} from './primitives.ts';
import { arbitrarySymkey, arbitrarySymkeyError, arbitrarySymkeyWorkInProgress } from './symkey.ts';

const MAX_ITEMS = 3;

export function arbitrarySymkeyRequest(): fc.Arbitrary<SymkeyRequest> {
  const keys = fc.record(
    {
      kind: fc.constant('keys' as const),
      globalKeyIds: fc.array(arbitraryRequestedGlobalKeyID(), { minLength: 1, maxLength: MAX_ITEMS }),
      keyClasses: fc.array(arbitraryXmlString(255, 1), { minLength: 1, maxLength: MAX_ITEMS }),
      x509EncryptionCertificate: arbitraryBytes(1, 2048),
    },
    { requiredKeys: ['kind', 'globalKeyIds'] },
  );
  const poll = fc.record({
    kind: fc.constant('poll' as const),
    symkeyRequestIds: fc.array(arbitrarySymkeyRequestID(), { minLength: 1, maxLength: MAX_ITEMS }),
  });
  return fc.oneof(keys, poll);
}

/** A SymkeyResponse with at least one item (keys, then work in progress, then errors). */
export function arbitrarySymkeyResponse(): fc.Arbitrary<SymkeyResponse> {
  return fc
    .record({
      symkeys: fc.array(arbitrarySymkey(), { maxLength: 2 }),
      workInProgress: fc.array(arbitrarySymkeyWorkInProgress(), { maxLength: MAX_ITEMS }),
      errors: fc.array(arbitrarySymkeyError(), { maxLength: MAX_ITEMS }),
    })
    .filter((r) => r.symkeys.length + r.workInProgress.length + r.errors.length > 0);
}

export function arbitraryKeyCachePolicyRequest(): fc.Arbitrary<KeyCachePolicyRequest> {
  return fc.constant({});
}

export function arbitraryKeyCachePolicy(): fc.Arbitrary<KeyCachePolicy> {
  const detail = fc.record({ maximumKeys: arbitraryUint64(), maximumDuration: arbitraryUint64() });
  return fc
    .record(
      {
        keyCachePolicyId: arbitraryTwoPartID(),
        policyName: arbitraryXmlString(255),
        description: fc.option(arbitraryXmlString(2048), { nil: null }),
        keyClass: arbitraryXmlString(255, 1),
        dates: arbitraryDateTimeRange(),
        endless: fc.boolean(),
        policyCheckInterval: fc.oneof(fc.constantFrom(0, 2592000), fc.integer({ min: 0, max: 2592000 })),
        status: fc.constantFrom(...STATUSES),
        newKeysCacheDetail: detail,
        usedKeysCacheDetail: detail,
      },
      {
        requiredKeys: [
          'keyCachePolicyId',
          'policyName',
          'description',
          'keyClass',
          'dates',
          'endless',
          'policyCheckInterval',
          'status',
        ],
      },
    )
    .map(({ dates, endless, ...rest }) => {
      const { newKeysCacheDetail, usedKeysCacheDetail, ...required } = rest;
      return {
        keyCachePolicyId: required.keyCachePolicyId,
        policyName: required.policyName,
        description: required.description,
        keyClass: required.keyClass,
        startDate: dates.startDate,
        endDate: endless ? null : dates.endDate,
        policyCheckInterval: required.policyCheckInterval,
        status: required.status,
        ...(newKeysCacheDetail ? { newKeysCacheDetail } : {}),
        ...(usedKeysCacheDetail ? { usedKeysCacheDetail } : {}),
      };
    });
}

export function arbitraryKeyCachePolicyResponse(): fc.Arbitrary<KeyCachePolicyResponse> {
  return fc
    .array(arbitraryKeyCachePolicy(), { minLength: 1, maxLength: MAX_ITEMS })
    .map((keyCachePolicies) => ({ keyCachePolicies }));
}

/** Any of the four messages, tagged by root element name. */
export function arbitrarySksmlMessage(): fc.Arbitrary<SksmlMessage> {
  return fc.oneof(
    arbitrarySymkeyRequest().map((message) => ({ type: 'SymkeyRequest' as const, message })),
    arbitrarySymkeyResponse().map((message) => ({ type: 'SymkeyResponse' as const, message })),
    arbitraryKeyCachePolicyRequest().map((message) => ({ type: 'KeyCachePolicyRequest' as const, message })),
    arbitraryKeyCachePolicyResponse().map((message) => ({
      type: 'KeyCachePolicyResponse' as const,
      message,
    })),
  );
}
