/**
 * `sksml requirements [--json] [--target message|server|client] [--level MUST|SHOULD|MAY]`:
 * prints the requirement catalogue (spec/requirements.json) as markdown tables or as JSON.
 */
import { type CliIo, UsageError } from '../io.ts';
import { loadRequirements } from '../../protocol/requirements/load-requirements.ts';
import { renderRequirementTable } from '../../protocol/requirements/render-markdown.ts';
import {
  compareRequirementIds,
  REQUIREMENT_LEVELS,
  REQUIREMENT_TARGETS,
  type Requirement,
} from '../../protocol/requirements/requirement.ts';

const USAGE = 'usage: sksml requirements [--json] [--target message|server|client] [--level MUST|SHOULD|MAY]';

interface RequirementsOptions {
  json: boolean;
  targets: Set<string>;
  levels: Set<string>;
}

function parseArgs(args: string[]): RequirementsOptions | 'help' {
  const options: RequirementsOptions = { json: false, targets: new Set(), levels: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--json' && inline === undefined) options.json = true;
    else if (flag === '--target') {
      const v = value().toLowerCase();
      if (!(REQUIREMENT_TARGETS as readonly string[]).includes(v))
        throw new UsageError(`unknown target '${v}': use one of ${REQUIREMENT_TARGETS.join(', ')}`);
      options.targets.add(v);
    } else if (flag === '--level') {
      const v = value().toUpperCase();
      if (!(REQUIREMENT_LEVELS as readonly string[]).includes(v))
        throw new UsageError(`unknown level '${v}': use one of ${REQUIREMENT_LEVELS.join(', ')}`);
      options.levels.add(v);
    } else throw new UsageError(`unknown option '${arg}'\n${USAGE}`);
  }
  return options;
}

export function selectRequirements(
  all: readonly Requirement[],
  targets: ReadonlySet<string>,
  levels: ReadonlySet<string>,
): Requirement[] {
  return all
    .filter(
      (r) => (targets.size === 0 || targets.has(r.target)) && (levels.size === 0 || levels.has(r.level)),
    )
    .sort((a, b) => compareRequirementIds(a.id, b.id));
}

export function runRequirements(args: string[], io: CliIo): Promise<number> {
  const options = parseArgs(args);
  if (options === 'help') {
    io.out(`${USAGE}\n`);
    return Promise.resolve(0);
  }
  const selected = selectRequirements(loadRequirements(), options.targets, options.levels);
  if (options.json) {
    io.out(`${JSON.stringify(selected, null, 2)}\n`);
    return Promise.resolve(0);
  }
  const sections = REQUIREMENT_TARGETS.flatMap((target) => {
    const group = selected.filter((r) => r.target === target);
    return group.length === 0 ? [] : [`## ${target} (${group.length})\n\n${renderRequirementTable(group)}\n`];
  });
  io.out(sections.length === 0 ? 'no requirement matches\n' : `${sections.join('\n')}`);
  return Promise.resolve(0);
}
