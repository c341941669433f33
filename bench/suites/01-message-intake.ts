/**
 * Issue 2 benchmark: a typical SymkeyResponse (one Symkey with a restricted KeyUsePolicy), messages
 * per second on one core for parse alone, parse + model, parse + semantic validation, and parse +
 * libxml2 schema validation.
 */
import { randomBytes } from 'node:crypto';
import { formatResults, measure } from '../harness.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { parseSymkeyResponse, serializeSymkeyResponse } from '../../protocol/model/index.ts';
import { parseGlobalKeyID, parseSymkeyRequestID } from '../../protocol/model/identifiers.ts';
import {
  buildKeyUsePolicy,
  buildOaepEncryptionMethod,
  buildSymkey,
} from '../../protocol/testkit/builders.ts';
import { validateSemantics } from '../../protocol/validation/validate-semantics.ts';
import { loadSksmlSchemas } from '../../protocol/schema/load.ts';

export function typicalSymkeyResponseXml(): string {
  const symkey = buildSymkey({
    symkeyRequestId: parseSymkeyRequestID('10514-1-42'),
    globalKeyId: parseGlobalKeyID('10514-1-16777215'),
    keyUsePolicy: buildKeyUsePolicy(),
    encryptionMethod: buildOaepEncryptionMethod(),
    cipherValue: randomBytes(256),
  });
  return serializeSymkeyResponse({ symkeys: [symkey], workInProgress: [], errors: [] });
}

export async function runSuite(): Promise<string> {
  const xml = typicalSymkeyResponseXml();
  const libxml2 = await loadSksmlSchemas('libxml2');
  try {
    const results = [
      await measure({ name: 'parse (hardened intake)', run: () => parseXml(xml) }),
      await measure({ name: 'parse + model', run: () => parseSymkeyResponse(parseXml(xml).root) }),
      await measure({ name: 'parse + semantic validation', run: () => validateSemantics(parseXml(xml)) }),
      await measure({
        name: 'parse + libxml2 schema validation',
        run: async () => {
          parseXml(xml);
          return libxml2.validate(xml);
        },
      }),
    ];
    return `${formatResults(`Message intake: typical SymkeyResponse (${xml.length} bytes), messages per second`, results, results[0])}\n`;
  } finally {
    await libxml2.close();
  }
}
