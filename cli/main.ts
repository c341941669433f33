/**
 * The one `sksml` command. Each sub-command lives in its own file under cli/commands and is
 * loaded only when called, so `sksml validate` does not pay for the server's dependencies.
 * Exit codes: 0 success, 1 a negative verdict (invalid, rejected, failed), 2 usage or unreadable input.
 */
import { type CliIo, processIo, UsageError } from './io.ts';

export type CommandRunner = (args: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<CommandRunner>;
}

const COMMANDS: Record<string, CommandEntry> = {
  validate: {
    summary: 'validate SKSML documents against the schemas and the semantic rules',
    load: async () => (await import('./commands/validate.ts')).runValidate,
  },
  schema: {
    summary: 'schema tools: `sksml schema lint DIR` reports defects of an SKSML schema set',
    load: async () => (await import('./commands/schema.ts')).runSchema,
  },
  requirements: {
    summary: 'print the requirement catalogue as a table (markdown) or JSON',
    load: async () => (await import('./commands/requirements.ts')).runRequirements,
  },
  pki: {
    summary: 'test PKI: `sksml pki init|issue|verify` (CA, server and client certificates)',
    load: async () => (await import('./commands/pki.ts')).runPki,
  },
  conformance: {
    summary: 'certify an SKS server: `sksml conformance server --url URL ...`, `verify-report`, `list`',
    load: async () => (await import('./commands/conformance.ts')).runConformance,
  },
  wss: {
    summary: 'WS-Security: `sksml wss sign|verify` (sign a message, verify a signed envelope)',
    load: async () => (await import('./commands/wss.ts')).runWss,
  },
  client: {
    summary: 'reference client: `sksml client new-key|get-key|kcp|encrypt|decrypt` against SKS servers',
    load: async () => (await import('./commands/client.ts')).runClient,
  },
  server: {
    summary: 'run the reference SKS server (`--config FILE`, or the embedded default in `--data DIR`)',
    load: async () => (await import('./commands/server.ts')).runServer,
  },
  start: {
    summary: 'certify the embedded reference server with the full conformance suite (what `npm start` runs)',
    load: async () => (await import('./commands/start.ts')).runStart,
  },
  admin: {
    summary: "administer a server's store: clients, key classes, approvals, escrow recovery",
    load: async () => (await import('./commands/admin.ts')).runAdmin,
  },
  audit: {
    summary: "audit log: `sksml audit verify` checks the server's hash-chained audit log",
    load: async () => (await import('./commands/audit.ts')).runAudit,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)}${c.summary}`);
  return `usage: sksml <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(`sksml: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    const run = await entry.load();
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sksml ${name}: ${e.message}\n`);
      return 2;
    }
    // Never print a stack trace for an expected failure; unexpected ones name the error only.
    io.err(`sksml ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
