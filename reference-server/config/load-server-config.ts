/**
 * loadServerConfig: reads a configuration file (JSON), refuses duplicate keys (JSON.parse would
 * silently keep the last one, hiding a setting), and checks it with parseServerConfig, resolving
 * relative paths against the file's folder.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { parseServerConfig, type ParseServerConfigOptions } from './parse-server-config.ts';
import type { ServerConfig } from './server-config.ts';

/** Largest configuration file accepted. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The keys that occur twice in one object of `text`, which must already be valid JSON. Each
 * issue names the key and the line of its second occurrence.
 */
export function findDuplicateKeys(text: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const stack: (Set<string> | null)[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{') stack.push(new Set());
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const literal = text.slice(i, j + 1);
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k] as string)) k++;
      const keys = stack[stack.length - 1];
      if (text[k] === ':' && keys !== undefined && keys !== null) {
        const key = JSON.parse(literal) as string;
        if (keys.has(key))
          issues.push({ path: key, message: `key given twice in one object (line ${line})` });
        keys.add(key);
      }
      i = j;
    }
  }
  return issues;
}

/** Parses configuration text (JSON with unique keys) without checking its fields. */
export function parseConfigJson(text: string, source: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'not JSON';
    throw new ConfigError('CONFIG_SYNTAX', [{ path: '', message: `not valid JSON: ${detail}` }], { source });
  }
  const duplicates = findDuplicateKeys(text);
  if (duplicates.length > 0) throw new ConfigError('CONFIG_SYNTAX', duplicates, { source });
  return json;
}

/** Reads, parses and checks the configuration file at `path`. Throws ConfigError. */
export function loadServerConfig(path: string, options: ParseServerConfigOptions = {}): ServerConfig {
  const absolute = resolve(path);
  const source = options.source ?? absolute;
  let text: string;
  try {
    const stats = statSync(absolute);
    if (!stats.isFile()) throw new Error('not a regular file');
    if (stats.size > MAX_CONFIG_BYTES) {
      throw new ConfigError(
        'CONFIG_UNREADABLE',
        [{ path: '', message: `larger than ${MAX_CONFIG_BYTES} bytes` }],
        { source },
      );
    }
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      'CONFIG_UNREADABLE',
      [{ path: '', message: `cannot read the configuration file ${absolute}` }],
      {
        source,
        cause: error,
      },
    );
  }
  const json = parseConfigJson(text.startsWith('\uFEFF') ? text.slice(1) : text, source);
  return parseServerConfig(json, dirname(absolute), { ...options, source });
}
