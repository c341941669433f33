/**
 * Semantic checking of configured policies with the same code that checks messages on the wire:
 * the policy is serialized by the protocol model's serializer (inside a minimal SymkeyResponse or
 * KeyCachePolicyResponse), parsed back by the hardened intake, and run through validateSemantics.
 * So a policy the server would hand out is exactly a policy the project's validator accepts.
 */
import { KEY_TRANSPORT_ALGORITHMS } from '../../protocol/model/enumerations.ts';
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import { ModelError } from '../../protocol/model/model-error.ts';
import {
  serializeKeyCachePolicyResponse,
  serializeSymkeyResponse,
} from '../../protocol/model/serialize/serialize-messages.ts';
import { validateSemantics } from '../../protocol/validation/validate-semantics.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { report, warn, type ReadContext } from './json-fields.ts';

/** The part of a finding path below the policy element, e.g. `/Permissions/PermittedDates/PermittedDate`. */
function below(path: string, element: string): string {
  const at = path.indexOf(`/${element}`);
  if (at < 0) return path;
  const rest = path.slice(at + element.length + 1);
  return rest === '' ? `/${element}` : rest;
}

function check(ctx: ReadContext, path: string, element: string, serialize: () => string): boolean {
  let xml: string;
  try {
    xml = serialize();
  } catch (error) {
    if (error instanceof ModelError) {
      const detail = error.message.startsWith(`${error.path}: `)
        ? error.message.slice(error.path.length + 2)
        : error.message;
      report(ctx, path, `not a valid ${element} (at ${below(error.path, element)}): ${detail}`);
      return false;
    }
    throw error;
  }
  const findings = validateSemantics(parseXml(xml));
  let ok = true;
  for (const f of findings) {
    const text = `${f.message} (at ${below(f.path, element)}; ${f.code}, ${f.requirement})`;
    if (f.severity === 'error') {
      ok = false;
      report(ctx, path, text);
    } else {
      warn(ctx, path, text);
    }
  }
  return ok;
}

// SKSML-SRV-116: configured policies pass the same semantic validation as messages on the wire.
/** Checks a KeyUsePolicy as the server would deliver it; issues and warnings go to `ctx`. */
export function checkKeyUsePolicy(ctx: ReadContext, path: string, policy: KeyUsePolicy): boolean {
  const domainId = policy.keyUsePolicyId.domainId;
  return check(ctx, path, 'KeyUsePolicy', () =>
    serializeSymkeyResponse({
      symkeys: [
        {
          symkeyRequestId: { domainId, serverId: 1n, requestId: 1n },
          globalKeyId: { domainId, serverId: 1n, keyId: 1n },
          keyUsePolicy: policy,
          encryptionMethod: { algorithm: KEY_TRANSPORT_ALGORITHMS.rsaOaepMgf1p },
          cipherData: { kind: 'value', cipherValue: new Uint8Array(256) },
        },
      ],
      workInProgress: [],
      errors: [],
    }),
  );
}

/** Checks a KeyCachePolicy as the server would deliver it. */
export function checkKeyCachePolicy(ctx: ReadContext, path: string, policy: KeyCachePolicy): boolean {
  return check(ctx, path, 'KeyCachePolicy', () =>
    serializeKeyCachePolicyResponse({ keyCachePolicies: [policy] }),
  );
}
