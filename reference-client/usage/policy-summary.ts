/** A short, printable summary of a KeyUsePolicy (CLI output, logs). Holds no key material. */
import { formatTwoPartID } from '../../protocol/model/identifiers.ts';
import type { KeyUsePolicy, Permissions } from '../../protocol/model/key-use-policy.ts';

export interface KeyUsePolicySummary {
  readonly keyUsePolicyId: string;
  readonly policyName: string;
  readonly keyClass: string;
  readonly keyAlgorithm: string;
  readonly keySize: number;
  readonly status: string;
  /** One line per restricted permission (`ekmi:any="false"`); empty when unrestricted. */
  readonly restrictions: readonly string[];
}

function describe(permissions: Permissions): string[] {
  const out: string[] = [];
  const p = permissions;
  if (!p.permittedApplications.any)
    out.push(
      `PermittedApplications: ${p.permittedApplications.applications.map((a) => `${formatTwoPartID(a.applicationId)} ${a.applicationName}${a.version === undefined ? '' : ` ${a.version}`}`).join(', ')}`,
    );
  if (!p.permittedDates.any)
    out.push(
      `PermittedDates: ${p.permittedDates.dates.map((d) => `${d.startDate}..${d.endDate}`).join(', ')}`,
    );
  if (!p.permittedDays.any) out.push(`PermittedDays: ${p.permittedDays.days.join(', ')}`);
  if (!p.permittedDuration.any)
    out.push(`PermittedDuration: ${p.permittedDuration.seconds} s from first use`);
  if (!p.permittedLevels.any) out.push(`PermittedLevels: ${p.permittedLevels.levels.join(', ')}`);
  if (!p.permittedLocations.any)
    out.push(`PermittedLocations: ${p.permittedLocations.locations.map((l) => l.locationName).join(', ')}`);
  if (!p.permittedNumberOfTransactions.any)
    out.push(`PermittedNumberOfTransactions: ${p.permittedNumberOfTransactions.count} encryptions`);
  if (!p.permittedTimes.any)
    out.push(
      `PermittedTimes: ${p.permittedTimes.times.map((t) => `${t.startTime}-${t.endTime}`).join(', ')}`,
    );
  if (!p.permittedUses.any) out.push(`PermittedUses: ${p.permittedUses.uses.join(', ')}`);
  return out;
}

export function summarizeKeyUsePolicy(policy: KeyUsePolicy): KeyUsePolicySummary {
  return {
    keyUsePolicyId: formatTwoPartID(policy.keyUsePolicyId),
    policyName: policy.policyName,
    keyClass: policy.keyClass,
    keyAlgorithm: policy.keyAlgorithm,
    keySize: policy.keySize,
    status: policy.status,
    restrictions: describe(policy.permissions),
  };
}
