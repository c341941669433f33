/** KeyCachePolicyRequest / KeyCachePolicyResponse from the tree (SKSML-MSG-31..-35). */
import type { XmlElement } from '../../xml/tree.ts';
import { STATUSES } from '../enumerations.ts';
import type {
  KeyCacheDetail,
  KeyCachePolicy,
  KeyCachePolicyRequest,
  KeyCachePolicyResponse,
} from '../key-cache-policy.ts';
import { ModelError } from '../model-error.ts';
import { XSI_NS } from '../namespaces.ts';
import { parseDateTime } from './lexical.ts';
import { SequenceReader, checkAttributes, isEmptyElement, readNil, sksml, type Located } from './reader.ts';
import { expectRoot } from './root.ts';
import {
  readEnumeration,
  readInteger,
  readLexical,
  readNumber,
  readString,
  readTwoPartID,
} from './values.ts';

const MAX_U64 = 18446744073709551615n;
const NIL = { ns: XSI_NS, local: 'nil' };

export function parseKeyCachePolicyRequest(root: XmlElement): KeyCachePolicyRequest {
  const at = expectRoot(root, 'KeyCachePolicyRequest');
  // SKSML-MSG-31: no attributes and no content.
  checkAttributes(at, [], 'SKSML-MSG-31');
  new SequenceReader(at, []).end('SKSML-MSG-31');
  return {};
}

/** A nillable element: null when `xsi:nil="true"` (then it must be empty). */
function readNillable<T>(at: Located, read: (at: Located) => T): T | null {
  const nil = readNil(at);
  if (nil === true) {
    checkAttributes(at, [NIL]);
    if (!isEmptyElement(at.element))
      throw new ModelError('MODEL_INVALID_VALUE', 'an element with xsi:nil="true" must be empty', at.path, {
        position: at.element.position,
      });
    return null;
  }
  const stripped: Located = {
    element: {
      ...at.element,
      attributes: at.element.attributes.filter(
        (a) => !(a.namespaceURI === NIL.ns && a.localName === NIL.local),
      ),
    },
    path: at.path,
  };
  return read(stripped);
}

function readCacheDetail(at: Located): KeyCacheDetail {
  checkAttributes(at);
  const r = new SequenceReader(at, [sksml('MaximumKeys'), sksml('MaximumDuration')]);
  // SKSML-MSG-35: both limits, each 0..2^64-1.
  const maximumKeys = readInteger(
    r.required(sksml('MaximumKeys'), 'SKSML-MSG-35'),
    0n,
    MAX_U64,
    'SKSML-MSG-35',
  );
  const maximumDuration = readInteger(
    r.required(sksml('MaximumDuration'), 'SKSML-MSG-35'),
    0n,
    MAX_U64,
    'SKSML-MSG-35',
  );
  r.end('SKSML-MSG-35');
  return { maximumKeys, maximumDuration };
}

export function parseKeyCachePolicy(at: Located): KeyCachePolicy {
  checkAttributes(at);
  const names = [
    'KeyCachePolicyID',
    'PolicyName',
    'Description',
    'KeyClass',
    'StartDate',
    'EndDate',
    'PolicyCheckInterval',
    'Status',
    'NewKeysCacheDetail',
    'UsedKeysCacheDetail',
  ];
  const r = new SequenceReader(at, names.map(sksml));
  const req = (local: string): Located => r.required(sksml(local), 'SKSML-MSG-33');
  const keyCachePolicyId = readTwoPartID(req('KeyCachePolicyID'));
  const policyName = readString(req('PolicyName'), 255, 'SKSML-MSG-33');
  const description = readNillable(req('Description'), (d) => readString(d, 2048, 'SKSML-MSG-33'));
  const keyClass = readString(req('KeyClass'), 255, 'SKSML-MSG-4');
  const startDate = readLexical(req('StartDate'), parseDateTime, 'SKSML-MSG-33');
  const endDate = readNillable(req('EndDate'), (d) => readLexical(d, parseDateTime, 'SKSML-MSG-33'));
  const policyCheckInterval = readNumber(req('PolicyCheckInterval'), 0, 2592000, 'SKSML-MSG-34');
  const status = readEnumeration(req('Status'), STATUSES, 'SKSML-MSG-18');
  const newAt = r.optional(sksml('NewKeysCacheDetail'));
  const usedAt = r.optional(sksml('UsedKeysCacheDetail'));
  r.end('SKSML-MSG-33');
  return {
    keyCachePolicyId,
    policyName,
    description,
    keyClass,
    startDate,
    endDate,
    policyCheckInterval,
    status,
    ...(newAt ? { newKeysCacheDetail: readCacheDetail(newAt) } : {}),
    ...(usedAt ? { usedKeysCacheDetail: readCacheDetail(usedAt) } : {}),
  };
}

export function parseKeyCachePolicyResponse(root: XmlElement): KeyCachePolicyResponse {
  const at = expectRoot(root, 'KeyCachePolicyResponse');
  checkAttributes(at);
  const r = new SequenceReader(at, [sksml('KeyCachePolicy')]);
  // SKSML-MSG-32: at least one KeyCachePolicy.
  const keyCachePolicies = r.repeated(sksml('KeyCachePolicy'), 1, 'SKSML-MSG-32').map(parseKeyCachePolicy);
  r.end();
  return { keyCachePolicies };
}
