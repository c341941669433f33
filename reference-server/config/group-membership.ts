/**
 * Which configured authorization groups a client belongs to (spec/server-config.md,
 * "authorization"). A member entry matches a client by certificate fingerprint (SHA-256 of the
 * DER certificate) or by subject DN. Subjects are compared as sets of attribute=value pairs:
 * attribute types case-insensitively, values exactly, RDN order and separators (",", "\n", "+")
 * ignored, so "CN=app, O=Example" matches Node's "O=Example\nCN=app". Fingerprints are the
 * recommended form: a subject can be reissued to another key.
 */
import type { AuthorizationConfig, GroupMember } from './server-config.ts';

export interface ClientIdentity {
  readonly subject: string;
  /** Lowercase hex SHA-256 of the client's DER certificate. */
  readonly fingerprintSha256: string;
}

/** Splits at separators not escaped with a backslash. */
function splitUnescaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] as string);
      i++;
    } else if (separators.includes(c)) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** A canonical, order-independent form of a distinguished name for comparison. */
export function normalizeDistinguishedName(dn: string): string {
  const pairs = splitUnescaped(dn, ',\n+')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? p : `${p.slice(0, eq).trim().toUpperCase()}=${p.slice(eq + 1).trim()}`;
    });
  return pairs.sort().join('\n');
}

export function memberMatches(member: GroupMember, client: ClientIdentity): boolean {
  if (member.kind === 'fingerprint') return member.sha256 === client.fingerprintSha256.toLowerCase();
  return normalizeDistinguishedName(member.subject) === normalizeDistinguishedName(client.subject);
}

/** The names of the configured groups `client` is a member of, sorted. */
export function configuredGroupsOf(authorization: AuthorizationConfig, client: ClientIdentity): string[] {
  const names: string[] = [];
  for (const [name, members] of authorization.groups)
    if (members.some((m) => memberMatches(m, client))) names.push(name);
  return names.sort();
}
