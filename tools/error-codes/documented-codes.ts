/**
 * Reads the codes documented in spec/error-codes.md: the backquoted first cell of every row of a
 * table whose header's first cell is `code`. Other tables (and backquotes elsewhere) are ignored.
 */

export interface DocumentedCode {
  readonly code: string;
  /** The `## ` heading the table is under ('' before the first one). */
  readonly section: string;
  /** 1-based line of the row. */
  readonly line: number;
}

export interface DocumentedCodes {
  readonly codes: readonly DocumentedCode[];
  /** Rows of a code table whose first cell holds no backquoted code (1-based lines). */
  readonly rowsWithoutCode: readonly number[];
}

const SEPARATOR = /^\|(\s*:?-{3,}:?\s*\|)+\s*$/;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

export function readDocumentedCodes(markdown: string): DocumentedCodes {
  const lines = markdown.split(/\r?\n/);
  const codes: DocumentedCode[] = [];
  const rowsWithoutCode: number[] = [];
  let section = '';
  let inCodeTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) section = (heading[1] ?? '').trim();
    if (!line.trimStart().startsWith('|')) {
      inCodeTable = false;
      continue;
    }
    if (inCodeTable) {
      const first = cells(line)[0] ?? '';
      const found = [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
      if (found.length === 0) rowsWithoutCode.push(i + 1);
      for (const code of found) codes.push({ code, section, line: i + 1 });
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (cells(line)[0]?.toLowerCase() === 'code' && SEPARATOR.test(next.trim())) {
      inCodeTable = true;
      i++; // skip the separator row
    }
  }
  return { codes, rowsWithoutCode };
}
