/**
 * TEST-ONLY hook of the respond stage: the response payload with the payload defects applied.
 *
 * - `keyBytesInError`: every SymkeyError's ErrorMessage ends with the last delivered key in hex;
 * - `wrongRequestCheckInterval`: every RequestCheckInterval reads 30 (the minimum is 60);
 * - `sentinelGlobalKeyId`: every Symkey's GlobalKeyID reads DomainID-0-0, the new-key sentinel
 *   (edited here, after the model, because the model itself refuses to write such a Symkey).
 */
import { SKSML_NS } from '../../protocol/model/namespaces.ts';
import type { WriterChild, WriterElement } from '../../protocol/xml/writer.ts';
import { hasDefect, type DefectCarrier } from './defect-switches.ts';
import { lastDeliveredKey } from './delivered-keys.ts';

type TextEdit = (localName: string, text: string) => string;

function editTexts(element: WriterElement, edit: TextEdit): WriterElement {
  const isSksml = element.namespaceURI === SKSML_NS;
  const children: WriterChild[] = element.children.map((child) => {
    if (typeof child === 'string') return isSksml ? edit(element.localName, child) : child;
    return child.kind === 'writer-element' ? editTexts(child, edit) : child;
  });
  return { ...element, children };
}

export function payloadWithDefects(carrier: DefectCarrier, payload: WriterElement): WriterElement {
  if (carrier.defects === undefined) return payload;
  const leaked = hasDefect(carrier, 'keyBytesInError') ? lastDeliveredKey(carrier) : undefined;
  const shortInterval = hasDefect(carrier, 'wrongRequestCheckInterval');
  const sentinel = hasDefect(carrier, 'sentinelGlobalKeyId');
  return editTexts(payload, (localName, text) => {
    if (localName === 'ErrorMessage' && leaked !== undefined)
      return `${text} (last key ${Buffer.from(leaked).toString('hex')})`;
    if (localName === 'RequestCheckInterval' && shortInterval) return '30';
    // Only Symkey has a GlobalKeyID child (errors and pending entries say RequestedGlobalKeyID).
    if (localName === 'GlobalKeyID' && sentinel) return text.replace(/^(\s*[0-9]+)-[0-9]+-[0-9]+/, '$1-0-0');
    return text;
  });
}
