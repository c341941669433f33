/**
 * Turns one declarative request step into the exact HTTP request: payload from a named builder,
 * payload mutations, envelope (signed by the named client, or not), envelope mutations, HTTP
 * headers per the binding (spec/binding.md §1, §3), HTTP mutations.
 */
import { MAX_ID_PART, parseGlobalKeyID, type GlobalKeyID } from '../../protocol/model/identifiers.ts';
import {
  serializeKeyCachePolicyRequest,
  serializeSymkeyRequest,
  serializeSymkeyResponse,
} from '../../protocol/model/serialize/serialize-messages.ts';
import { SKSML_ACTIONS } from '../../protocol/soap/actions.ts';
import { buildEnvelope } from '../../protocol/soap/build-envelope.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import { ATTACK_FIXTURES } from '../../protocol/testkit/attacks/catalog.ts';
import type { AttackContext } from '../../protocol/testkit/attacks/catalog.ts';
import {
  buildExistingKeyRequest,
  buildNewKeyRequest,
  buildPollRequest,
  buildSymkeyError,
} from '../../protocol/testkit/builders.ts';
import { signEnvelope } from '../../protocol/wss/sign.ts';
import type { KeyClassSpec, RequestStep } from '../model/case.ts';
import { credentialOf, type ClientCredential, type ConformanceProfile } from '../model/profile.ts';
import { encryptionCredential } from './encryption-credential.ts';
import { HarnessError } from './harness-error.ts';
import { actionHeaders, encodeText, mutationNamed, type MutationContext } from './mutations.ts';
import type { OutgoingRequest, RequestFacts } from './outgoing.ts';
import type { StepRecord } from './run-state.ts';

export interface PreparedStep {
  readonly request: OutgoingRequest;
  readonly facts: RequestFacts;
}

interface Payload {
  readonly xml: string;
  readonly message: RequestFacts['message'];
  readonly globalKeyIds: readonly GlobalKeyID[];
  readonly keyClasses: readonly string[];
  readonly recipient: ClientCredential | undefined;
}

function resolveKeyClasses(spec: KeyClassSpec | undefined, profile: ConformanceProfile): string[] {
  if (spec === undefined || spec === 'default') return [];
  if (spec === 'profile') return [...profile.keyClasses];
  if (spec === 'profile-first') return profile.keyClasses.slice(0, 1);
  if (spec === 'profile-first-two') return profile.keyClasses.slice(0, 2);
  // '@async' stands for the profile's asynchronous KeyClass.
  return spec.map((name) =>
    name === '@async'
      ? (profile.asyncKeyClass ?? name)
      : name === '@inactive'
        ? (profile.inactiveKeyClass ?? name)
        : name,
  );
}

/** A DomainID that is not the profile's. */
export function otherDomainOf(profile: ConformanceProfile): bigint {
  return profile.domainId === MAX_ID_PART ? profile.domainId - 1n : profile.domainId + 1n;
}

function stepNamed(previous: ReadonlyMap<string, StepRecord>, id: string): StepRecord {
  const record = previous.get(id);
  if (record === undefined) throw new HarnessError('HARNESS_UNKNOWN_STEP', `no earlier step named ${id}`);
  return record;
}

/** A GlobalKeyID no server has handed out: the largest ServerID and KeyID of the profile's domain. */
export function unknownGlobalKeyId(profile: ConformanceProfile): GlobalKeyID {
  return { domainId: profile.domainId, serverId: MAX_ID_PART, keyId: MAX_ID_PART - 7n };
}

function resolveGlobalKeyIds(
  step: RequestStep,
  profile: ConformanceProfile,
  previous: ReadonlyMap<string, StepRecord>,
): GlobalKeyID[] {
  const out: GlobalKeyID[] = [];
  for (const spec of step.globalKeyIds ?? []) {
    if ('fromStep' in spec) {
      const keys = stepNamed(previous, spec.fromStep).observation?.symkeyResponse?.symkeys ?? [];
      if (keys.length === 0)
        throw new HarnessError(
          'HARNESS_PRECONDITION',
          `step ${spec.fromStep} delivered no key to ask for again`,
        );
      out.push(...keys.map((k) => k.globalKeyId));
    } else if ('unknown' in spec) out.push(unknownGlobalKeyId(profile));
    else out.push(parseGlobalKeyID(spec.literal));
  }
  if (out.length === 0) throw new HarnessError('HARNESS_BAD_CASE', 'existingKeyRequest needs globalKeyIds');
  return out;
}

function buildPayload(
  step: RequestStep,
  profile: ConformanceProfile,
  previous: ReadonlyMap<string, StepRecord>,
  signer: ClientCredential | undefined,
): Payload {
  const encryption =
    step.encryptionCertificate === undefined
      ? undefined
      : step.encryptionCertificate === 'client1-encryption'
        ? encryptionCredential(profile)
        : credentialOf(profile, step.encryptionCertificate);
  if (step.encryptionCertificate !== undefined && encryption === undefined)
    throw new HarnessError('HARNESS_NO_CLIENT', `the profile has no ${step.encryptionCertificate}`);
  const recipient = encryption ?? signer;
  switch (step.build) {
    case 'newKeyRequest': {
      const keyClasses = resolveKeyClasses(step.keyClasses, profile);
      const request = buildNewKeyRequest(
        step.otherDomain === true ? otherDomainOf(profile) : profile.domainId,
        keyClasses,
        encryption === undefined ? undefined : new Uint8Array(encryption.certificate.raw),
      );
      return {
        xml: serializeSymkeyRequest(request),
        message: 'SymkeyRequest',
        globalKeyIds: request.globalKeyIds,
        keyClasses,
        recipient,
      };
    }
    case 'existingKeyRequest': {
      const ids = resolveGlobalKeyIds(step, profile, previous);
      return {
        xml: serializeSymkeyRequest(buildExistingKeyRequest(ids)),
        message: 'SymkeyRequest',
        globalKeyIds: ids,
        keyClasses: [],
        recipient,
      };
    }
    case 'pollRequest': {
      if (step.symkeyRequestIdsFrom === undefined) {
        // An ID never issued: the answer names the new-key sentinel of its domain (SKSML-SRV-109).
        const id = { domainId: profile.domainId, serverId: MAX_ID_PART, requestId: MAX_ID_PART - 7n };
        return {
          xml: serializeSymkeyRequest(buildPollRequest([id])),
          message: 'SymkeyRequest',
          globalKeyIds: [{ domainId: profile.domainId, serverId: 0n, keyId: 0n }],
          keyClasses: [],
          recipient,
        };
      }
      const from = stepNamed(previous, step.symkeyRequestIdsFrom);
      const pending = from.observation?.symkeyResponse?.workInProgress ?? [];
      if (pending.length === 0)
        throw new HarnessError('HARNESS_PRECONDITION', `step ${from.id} left no request pending`);
      return {
        xml: serializeSymkeyRequest(buildPollRequest(pending.map((w) => w.symkeyRequestId))),
        message: 'SymkeyRequest',
        globalKeyIds: pending.map((w) => w.requestedGlobalKeyId),
        keyClasses: pending.flatMap((w) => (w.requestedKeyClass === undefined ? [] : [w.requestedKeyClass])),
        recipient,
      };
    }
    case 'kcpRequest':
      return {
        xml: serializeKeyCachePolicyRequest({}),
        message: 'KeyCachePolicyRequest',
        globalKeyIds: [],
        keyClasses: [],
        recipient,
      };
    case 'symkeyResponse': {
      const requestId = { domainId: profile.domainId, serverId: 1n, requestId: 1n };
      const error = buildSymkeyError(requestId, unknownGlobalKeyId(profile), 'PROBE', 'not a request');
      return {
        xml: serializeSymkeyResponse({ symkeys: [], workInProgress: [], errors: [error] }),
        message: 'SymkeyResponse',
        globalKeyIds: [],
        keyClasses: [],
        recipient,
      };
    }
    case 'attack':
      throw new HarnessError('HARNESS_BAD_CASE', 'attack steps have no payload builder');
  }
}

function defaultHeaders(version: SoapVersion, message: RequestFacts['message']): Record<string, string> {
  const action =
    message === 'KeyCachePolicyRequest' ? SKSML_ACTIONS.KeyCachePolicyRequest : SKSML_ACTIONS.SymkeyRequest;
  // A message that is not a request goes without an action: it is dispatched on its Body.
  return actionHeaders(version, message === 'SymkeyResponse' ? null : action);
}

function prepareAttack(step: RequestStep, attackContext: () => AttackContext): PreparedStep {
  const fixture = ATTACK_FIXTURES.find((f) => f.name === step.attack);
  if (fixture === undefined)
    throw new HarnessError('HARNESS_UNKNOWN_ATTACK', `unknown attack ${String(step.attack)}`);
  const built = fixture.build(attackContext());
  if (built.options !== undefined || built.replayFirst === true)
    throw new HarnessError('HARNESS_BAD_CASE', `attack ${fixture.name} depends on verifier options`);
  return {
    request: { method: 'POST', headers: defaultHeaders('1.2', 'SymkeyRequest'), body: encodeText(built.xml) },
    facts: {
      soapVersion: '1.2',
      message: 'attack',
      signer: undefined,
      recipient: undefined,
      globalKeyIds: [],
      keyClasses: [],
    },
  };
}

export function prepareStep(
  step: RequestStep,
  profile: ConformanceProfile,
  previous: ReadonlyMap<string, StepRecord>,
  attackContext: () => AttackContext,
): PreparedStep {
  if (step.replayOf !== undefined) {
    const original = stepNamed(previous, step.replayOf);
    return {
      request: { ...original.request, headers: { ...original.request.headers } },
      facts: original.facts,
    };
  }
  if (step.build === 'attack') return prepareAttack(step, attackContext);
  const version: SoapVersion = step.soap ?? profile.soapVersion;
  const signerRef = step.sign ?? 'client1';
  const signer = credentialOf(profile, signerRef);
  if (signerRef !== 'none' && signer === undefined)
    throw new HarnessError('HARNESS_NO_CLIENT', `the profile has no ${signerRef}`);
  const payload = buildPayload(step, profile, previous, signer);
  const mutations = (step.mutate ?? []).map(mutationNamed);
  const context: MutationContext = { version, signer, maxBodyBytes: profile.maxBodyBytes };

  let xml = payload.xml;
  for (const m of mutations) if (m.stage === 'payload') xml = m.apply(xml);
  let envelope =
    signer === undefined
      ? buildEnvelope({ version, body: xml, bodyId: 'id-body' })
      : signEnvelope({
          payloadXml: xml,
          version,
          certificate: signer.certificate,
          privateKey: signer.privateKey,
        });
  for (const m of mutations) if (m.stage === 'signed') envelope = m.apply(envelope, context);
  let request: OutgoingRequest = {
    method: 'POST',
    headers: defaultHeaders(version, payload.message),
    body: encodeText(envelope),
  };
  for (const m of mutations) if (m.stage === 'http') request = m.apply(request, context);
  return {
    request,
    facts: {
      soapVersion: version,
      message: payload.message,
      signer,
      recipient: payload.recipient,
      globalKeyIds: payload.globalKeyIds,
      keyClasses: payload.keyClasses,
    },
  };
}
