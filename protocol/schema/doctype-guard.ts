/**
 * Both engines refuse a document that declares a DOCTYPE before any XML parser sees it (the
 * hardened intake rejects them too; this is the second, independent guard). The check is
 * deliberately coarse: the marker anywhere in the text, in any letter case, refuses the document,
 * even inside a comment or CDATA section. Refusing too much is the safe direction.
 */
import type { SchemaEngineName, SchemaFinding } from './engine.ts';

const DOCTYPE_MARKER = /<!doctype/i;
const ENTITY_MARKER = /<!entity/i;

/** A finding explaining the refusal, or null when the document may be handed to a parser. */
export function findDoctype(engine: SchemaEngineName, xml: string): SchemaFinding | null {
  const match = DOCTYPE_MARKER.exec(xml) ?? ENTITY_MARKER.exec(xml);
  if (match === null) return null;
  const before = xml.slice(0, match.index);
  const line = before.split('\n').length;
  const column = match.index - before.lastIndexOf('\n');
  return {
    engine,
    message: 'document refused: DOCTYPE and entity declarations are not allowed',
    line,
    column,
  };
}
