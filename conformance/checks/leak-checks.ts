/**
 * Checks run on EVERY response (accepted or refused): no stack traces, no key bytes, no file
 * contents, and every 4xx/5xx answer is a SOAP fault (spec/binding.md §5).
 */
import type { CheckDefinition, CheckFailure } from './check.ts';
import { loadErrorRegistry } from './error-registry.ts';

const STACK_PATTERNS: readonly [RegExp, string][] = [
  [/^\s*at\s+\S.*\(.*:\d+:\d+\)/m, 'a JavaScript stack frame'],
  [/^\s*at\s+(?:file|node):\S+:\d+/m, 'a JavaScript stack frame'],
  [/\bat\s+[\w$.]+\([\w$]+\.java:\d+\)/, 'a Java stack frame'],
  [/Traceback \(most recent call last\)/, 'a Python traceback'],
  [/Exception in thread\s/, 'a Java exception report'],
  [
    /\/(?:home|usr|opt|srv|var|tmp|work|root)\/[\w./-]+\.(?:ts|js|mjs|java|py|go|rb):\d+/,
    'a source file path',
  ],
];

function hexOf(key: Uint8Array): string {
  return Buffer.from(key).toString('hex');
}

function keyLeaks(text: string, keys: Iterable<Uint8Array>): boolean {
  const lower = text.toLowerCase();
  const compact = text.replace(/\s+/g, '');
  for (const key of keys) {
    if (key.length < 8) continue;
    if (lower.includes(hexOf(key))) return true;
    const b64 = Buffer.from(key).toString('base64').replace(/=+$/, '');
    if (compact.includes(b64)) return true;
  }
  return false;
}

/** Text a peer reads in an error: the whole body of faults, ErrorCode/ErrorMessage of SymkeyErrors. */
function errorTexts(context: Parameters<CheckDefinition['run']>[0]): string[] {
  const { observation } = context;
  if (observation.status >= 400 || observation.fault !== null || observation.envelope === null)
    return [observation.bodyText];
  return (observation.symkeyResponse?.errors ?? []).map((e) => `${e.errorCode} ${e.errorMessage}`);
}

export const LEAK_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'no-stack-trace',
    description: 'no stack trace, exception report or source path in any response',
    requirements: ['SKSML-BIND-22', 'SKSML-WSS-24', 'SKSML-SRV-105'],
    run: ({ observation }) => {
      const hit = STACK_PATTERNS.find(([re]) => re.test(observation.bodyText));
      return hit === undefined ? [] : [{ message: `the response contains ${hit[1]}` }];
    },
  },
  {
    name: 'no-key-bytes-in-error',
    description: 'no fault or SymkeyError contains key bytes delivered in the run or a private key',
    requirements: ['SKSML-BIND-22', 'SKSML-WSS-24', 'SKSML-SRV-105'],
    run: (context) => {
      const out: CheckFailure[] = [];
      for (const text of errorTexts(context)) {
        if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
          out.push({ message: 'an error contains a PEM private key' });
        if (keyLeaks(text, context.state.keys.values()))
          out.push({ message: 'an error contains the bytes of a delivered symmetric key (hex or base64)' });
      }
      return out;
    },
  },
  {
    name: 'no-file-contents',
    description: 'no response echoes the contents of a server file (XXE)',
    requirements: ['SKSML-BIND-25', 'SKSML-WSS-26'],
    run: ({ observation }) =>
      /root:[x*]?:0:0:/.test(observation.bodyText)
        ? [{ message: 'the response contains /etc/passwd content' }]
        : [],
  },
  {
    name: 'error-is-soap-fault',
    description: 'every 4xx or 5xx response carries a well-formed SOAP fault',
    requirements: ['SKSML-BIND-21'],
    run: ({ observation }) => {
      if (observation.status < 400) return [];
      if (observation.envelope === null)
        return [
          {
            message: `HTTP ${observation.status} without a SOAP envelope: ${observation.envelopeError ?? ''}`,
          },
        ];
      if (observation.fault === null)
        return [
          {
            message: `HTTP ${observation.status} without a readable SOAP fault${observation.faultError === null ? '' : `: ${observation.faultError}`}`,
          },
        ];
      return [];
    },
  },
  {
    name: 'symkey-error-registered',
    description: 'every SymkeyError has a registry ErrorCode and the fixed ErrorMessage of that code',
    requirements: ['SKSML-SRV-101'],
    run: ({ observation }) => {
      const registry = loadErrorRegistry();
      return (observation.symkeyResponse?.errors ?? []).flatMap((e) => {
        if (!registry.codePattern.test(e.errorCode))
          return [
            { message: `ErrorCode ${JSON.stringify(e.errorCode.slice(0, 80))} is not of the registry form` },
          ];
        const fixed = registry.messages.get(e.errorCode);
        if (fixed === undefined)
          return [{ message: `ErrorCode ${e.errorCode} is not in the error registry` }];
        return e.errorMessage === fixed
          ? []
          : [
              {
                message: `ErrorMessage for ${e.errorCode} is not the registry text`,
                requirements: ['SKSML-SRV-101', 'SKSML-SRV-105'],
              },
            ];
      });
    },
  },
];
