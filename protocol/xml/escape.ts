/** Escaping for XML serialization (the only place the project escapes text for XML). */

/** Escapes character data for element content. `>` is escaped too, so `]]>` can never appear. */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;',
  );
}

/** Escapes an attribute value for use between double quotes. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&'
      ? '&amp;'
      : c === '<'
        ? '&lt;'
        : c === '"'
          ? '&quot;'
          : c === '\t'
            ? '&#x9;'
            : c === '\n'
              ? '&#xA;'
              : '&#xD;',
  );
}
