/** Checks that a root element is the expected SKSML element. */
import type { XmlElement } from '../../xml/tree.ts';
import { ModelError } from '../model-error.ts';
import { SKSML_NS } from '../namespaces.ts';
import { locatedRoot, type Located } from './reader.ts';

export function expectRoot(root: XmlElement, localName: string): Located {
  const at = locatedRoot(root);
  if (root.namespaceURI !== SKSML_NS)
    // SKSML-MSG-1: every SKSML element is in the SKSML namespace.
    throw new ModelError(
      'MODEL_UNEXPECTED_ELEMENT',
      `root element ${root.localName} is not in the SKSML namespace ${SKSML_NS}`,
      at.path,
      { position: root.position, requirement: 'SKSML-MSG-1' },
    );
  if (root.localName !== localName)
    throw new ModelError('MODEL_UNEXPECTED_ELEMENT', `expected root element ${localName}`, at.path, {
      position: root.position,
    });
  return at;
}
