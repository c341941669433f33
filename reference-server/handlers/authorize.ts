/**
 * Who may receive an existing key (SKSML-SRV-41; spec/server.md §Authorization):
 *
 * - mode `owner`: only the client that created the key (its owner);
 * - mode `owner-or-group`: also any client that shares a group with the owner.
 *
 * A client's groups are the groups of its store record (set by the admin CLI) together with every
 * configured group (authorization.groups) that names the client by certificate fingerprint or by
 * subject DN. A deactivated owner does not make its group members unauthorized; a missing owner
 * record does (fail closed).
 */
import type { GroupMember } from '../config/server-config.ts';
import { hasDefect } from '../defects/defect-switches.ts';
import type { ClientRecord } from '../store/records.ts';
import type { SksServices } from '../service/services.ts';
import type { StoreOperations } from '../store/store.ts';

/**
 * A DN as the set of its attribute=value pairs (spec/server-config.md §authorization): split on
 * newlines, commas or `+`, attribute types upper-cased, values exact, order ignored — so `CN=app,
 * O=Example` (RFC 4514 order) matches Node's rendering `O=Example\nCN=app` of the same subject.
 */
export function subjectPairs(subject: string): string[] {
  return subject
    .split(/[\n,+]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? part : `${part.slice(0, eq).trim().toUpperCase()}=${part.slice(eq + 1).trim()}`;
    })
    .sort();
}

export function sameSubject(configured: string, certificateSubject: string): boolean {
  const a = subjectPairs(configured);
  const b = subjectPairs(certificateSubject);
  return a.length > 0 && a.length === b.length && a.every((pair, i) => pair === b[i]);
}

function memberMatches(member: GroupMember, client: ClientRecord): boolean {
  return member.kind === 'fingerprint'
    ? member.sha256 === client.fingerprintSha256
    : sameSubject(member.subject, client.subject);
}

export function groupsOf(services: SksServices, client: ClientRecord): Set<string> {
  const groups = new Set(client.groups);
  for (const [name, members] of services.config.authorization.groups)
    if (members.some((m) => memberMatches(m, client))) groups.add(name);
  return groups;
}

export async function isAuthorizedForKey(
  services: SksServices,
  requester: ClientRecord,
  ownerClientId: string,
  store: StoreOperations = services.store,
): Promise<boolean> {
  // SKSML-SRV-41: the key goes only to a client entitled to it.
  if (requester.id === ownerClientId || hasDefect(services, 'ignoreKeyOwner')) return true;
  if (services.config.authorization.mode !== 'owner-or-group') return false;
  const owner = await store.getClient(ownerClientId);
  if (owner === undefined) return false;
  const mine = groupsOf(services, requester);
  for (const group of groupsOf(services, owner)) if (mine.has(group)) return true;
  return false;
}
