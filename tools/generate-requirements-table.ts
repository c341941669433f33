/**
 * Writes spec/requirements.md from spec/requirements.json (`npm run gen:requirements`).
 * `--check` only compares and exits 1 when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRequirements } from '../protocol/requirements/load-requirements.ts';
import { renderRequirementsMarkdown } from '../protocol/requirements/render-markdown.ts';

export const REQUIREMENTS_MD_PATH = fileURLToPath(new URL('../spec/requirements.md', import.meta.url));

/** The text spec/requirements.md must have for the current catalogue. */
export function expectedRequirementsMarkdown(): string {
  return renderRequirementsMarkdown(loadRequirements());
}

/** True when the committed spec/requirements.md equals the generated text. */
export function isRequirementsMarkdownCurrent(): boolean {
  let current: string;
  try {
    current = readFileSync(REQUIREMENTS_MD_PATH, 'utf8');
  } catch {
    return false;
  }
  return current === expectedRequirementsMarkdown();
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const ok = isRequirementsMarkdownCurrent();
    console.log(
      ok
        ? 'spec/requirements.md is up to date'
        : 'spec/requirements.md is stale: run npm run gen:requirements',
    );
    process.exitCode = ok ? 0 : 1;
  } else {
    writeFileSync(REQUIREMENTS_MD_PATH, expectedRequirementsMarkdown());
    console.log(`wrote ${REQUIREMENTS_MD_PATH}`);
  }
}
