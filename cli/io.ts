/** Output streams of a CLI run, injectable so commands are testable in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** A usage error: the command prints it and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
