/**
 * Renders the requirement catalogue as the human-readable table of spec/requirements.md (written
 * by tools/generate-requirements-table.ts, printed by `sksml requirements`).
 */
import {
  compareRequirementIds,
  REQUIREMENT_TARGETS,
  type Requirement,
  type RequirementTarget,
} from './requirement.ts';

const TARGET_TITLES: Record<RequirementTarget, string> = {
  message: 'Messages',
  server: 'Servers (SKS)',
  client: 'Clients (application / SKCL)',
};

const FORMAT_DESCRIPTION = `<!-- GENERATED from spec/requirements.json and spec/requirements-*.json by tools/generate-requirements-table.ts: do not edit by hand; run \`npm run gen:requirements\`. -->

# SKSML 1.0 requirement catalogue

The catalogue lives as data in \`spec/requirements.json\` (the seed: message, server and client rules from the research notes and the project's additions) and one family file per written profile, \`spec/requirements-<topic>.json\` (binding, WS-Security, policy semantics, ...), all in the format below; IDs are unique across the files. This file is generated from them.

## Format of spec/requirements.json

\`{ "format": "sksml-requirements/1", "requirements": [ ... ] }\`, each entry:

| field | required | meaning |
|---|---|---|
| \`id\` | yes | \`SKSML-<family>-<n>\`. Families: \`MSG\` (target message), \`SRV\` (server), \`CLT\` (client), \`WSS\` (WS-Security), \`BIND\` (binding). Items 1-73 of the research notes keep their number (MSG 1-35, SRV 36-52, CLT 53-73); requirements the project adds number from 101 upward in each family. IDs are never reused. |
| \`level\` | yes | \`MUST\`, \`SHOULD\` or \`MAY\`. Constraints enforced by the draft 8.0 schema and behaviour the draft describes without a modal verb are catalogued as MUST; \`notes\` says so. |
| \`target\` | yes | \`message\`, \`server\` or \`client\`: what must conform. |
| \`statement\` | yes | the requirement in the project's own words. |
| \`source\` | yes | the schema component or draft documentation it comes from (with the evidence kind in brackets), or \`project decision: <where documented>\`. |
| \`testability\` | no | \`schema\` (XSD validation), \`semantic\` (tree rules of protocol/validation, \`sksml validate\`), \`interop\` (exercising a running peer), \`review\` (inspection only). |
| \`notes\` | no | inferences, the reason for the level, project readings of open points. |

\`protocol/requirements/load-requirements.ts\` checks the file (unique IDs, known levels, targets and testabilities, ID format and family ranges).
Put a comment with the ID (e.g. \`// SKSML-MSG-21\`) at every place a requirement is enforced.
`;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function levelCounts(requirements: readonly Requirement[]): string {
  const counts = new Map<string, number>();
  for (const r of requirements) counts.set(r.level, (counts.get(r.level) ?? 0) + 1);
  return [...counts.entries()].map(([level, n]) => `${n} ${level}`).join(', ');
}

/** A table of the given requirements (no heading), one row per requirement, ordered by ID. */
export function renderRequirementTable(requirements: readonly Requirement[]): string {
  const rows = [...requirements]
    .sort((a, b) => compareRequirementIds(a.id, b.id))
    .map(
      (r) =>
        `| ${r.id} | ${r.level} | ${cell(r.statement)} | ${cell(r.source)} | ${r.testability ?? ''} | ${cell(r.notes ?? '')} |`,
    );
  return [
    '| ID | Level | Requirement | Source | Checked by | Notes |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The whole of spec/requirements.md: the format description, then one table per target. */
export function renderRequirementsMarkdown(requirements: readonly Requirement[]): string {
  const sections = REQUIREMENT_TARGETS.flatMap((target) => {
    const group = requirements.filter((r) => r.target === target);
    if (group.length === 0) return [];
    return [
      `## ${TARGET_TITLES[target]} (${group.length}: ${levelCounts(group)})\n\n${renderRequirementTable(group)}\n`,
    ];
  });
  return `${FORMAT_DESCRIPTION}\nTotal: ${requirements.length} requirements.\n\n${sections.join('\n')}`;
}
