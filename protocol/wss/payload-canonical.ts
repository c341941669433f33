/**
 * The signer's fast path for a payload given as a writer tree: while the writer writes the
 * payload text (writeXmlWithCanonical), this sink writes the exclusive canonical form the Body
 * digest needs and collects the Body reference's InclusiveNamespaces PrefixList (SKSML-WSS-30),
 * with no parsed-tree copy of the payload and no second walk.
 *
 * It only takes payloads whose canonical form it can state exactly, and refuses the rest (the
 * signer then takes its tree path, which decides everything as before):
 *  - no default namespace declaration, and no declaration of the envelope prefix, of `wsu` or of
 *    `xml` inside the payload (so the payload text inside the Body is its top-level text, and
 *    the only bindings from outside the payload are the Body's own: envelope prefix and wsu);
 *  - no declaration that repeats the binding already in scope;
 *  - no Id-like attribute (so the Body is the only Id and no duplicate can exist), no element
 *    in a SOAP envelope namespace and no `faultcode` (no fault QName rule applies).
 * Under these conditions every declaration the payload makes is rendered on the element that
 * makes it: a declaration its element's names use is visibly utilized and differs from the
 * binding in scope (so from the one rendered, see below), and one they do not use is on the
 * PrefixList (findBodyInclusivePrefixes lists every unused declaration) and in scope there. So
 * what exclusive c14n has rendered always equals what is in scope, and nothing else is ever
 * rendered: a used or listed prefix bound further up was rendered where it was bound (the Body
 * renders the envelope prefix and wsu, which it uses). Each canonical start tag is therefore the
 * element's own declarations sorted by prefix, then its attributes sorted by namespace URI and
 * local name, with the escaping of escape.ts (which c14n and the writer share); empty elements
 * are start-end pairs; text is escaped per character, so adjacent pieces escape as their join.
 * payload-canonical.test.ts compares the result with canonicalize and findBodyInclusivePrefixes
 * on the parsed tree, and sign-tree.test.ts the signed envelopes with the previous signer.
 */
import { compareCodePoints, namespaceAttribute, placePairByPrefix } from '../xml/c14n.ts';
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import type { CanonicalSink } from '../xml/writer.ts';
import { qnamePrefix } from './inclusive-prefixes.ts';
import { SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS } from './namespaces.ts';

/** Attribute entries from the writer: qualified name, prefix, namespace, local name, value. */
const STRIDE = 5;

function compareAttributeEntries(e: readonly string[], i: number, j: number): number {
  const ns = compareCodePoints(e[i + 2] as string, e[j + 2] as string);
  return ns !== 0 ? ns : compareCodePoints(e[i + 3] as string, e[j + 3] as string);
}

function isIdLikeName(localName: string): boolean {
  if (localName.length !== 2) return false;
  const i = localName.charCodeAt(0);
  const d = localName.charCodeAt(1);
  return (i === 0x69 || i === 0x49) && (d === 0x64 || d === 0x44);
}

export class PayloadCanonicalizer implements CanonicalSink {
  /** The payload's exclusive canonical form inside the Body. */
  out = '';
  /** Set when the payload is outside what this sink can canonicalize (see above). */
  refused = false;
  /** PrefixList entries found (unsorted; `xml` and `xmlns` never). */
  readonly prefixes = new Set<string>();

  /** `envelopePrefix`: the prefix the signer's Envelope and Body use (bound, like wsu, on the Body). */
  constructor(private readonly envelopePrefix: string) {}

  private inScope(prefix: string, bindings: ReadonlyMap<string, string>): boolean {
    return bindings.has(prefix) || prefix === this.envelopePrefix || prefix === 'wsu';
  }

  /** The QName-value rule of findBodyInclusivePrefixes for a text or an attribute value. */
  private noteValue(value: string, bindings: ReadonlyMap<string, string>): void {
    // Only a value with a colon can name a prefix other than ''.
    if (value.indexOf(':') === -1) return;
    const prefix = qnamePrefix(value);
    if (
      prefix !== null &&
      prefix !== '' &&
      prefix !== 'xml' &&
      prefix !== 'xmlns' &&
      this.inScope(prefix, bindings)
    )
      this.prefixes.add(prefix);
  }

  open(
    name: string,
    prefix: string,
    namespaceURI: string,
    declared: readonly (string | undefined)[] | null,
    attributes: readonly string[] | null,
    bindings: ReadonlyMap<string, string>,
  ): void {
    if (this.refused) return;
    if (namespaceURI === SOAP12_ENVELOPE_NS || namespaceURI === SOAP11_ENVELOPE_NS) {
      this.refused = true;
      return;
    }
    if (namespaceURI === '' && name === 'faultcode') {
      this.refused = true;
      return;
    }
    let tag = '<' + name;
    if (declared !== null) {
      // prefix, uri pairs, each placed by prefix as it comes (a stable insertion sort).
      const pairs: string[] = [];
      for (let k = 0; k < declared.length; k += 3) {
        const p = declared[k] as string;
        const uri = declared[k + 1] as string;
        if (
          p === '' ||
          p === 'xml' ||
          p === 'xmlns' ||
          p === this.envelopePrefix ||
          p === 'wsu' ||
          declared[k + 2] === uri
        ) {
          this.refused = true;
          return;
        }
        // SKSML-WSS-30: a declaration the element's own names do not use goes on the PrefixList.
        let used = prefix === p && namespaceURI === uri;
        if (!used && attributes !== null)
          for (let j = 0; j < attributes.length; j += STRIDE)
            if (attributes[j + 1] === p && attributes[j + 2] === uri) {
              used = true;
              break;
            }
        if (!used) this.prefixes.add(p);
        pairs.push(p, uri);
        placePairByPrefix(pairs, pairs.length - 2);
      }
      for (let k = 0; k < pairs.length; k += 2)
        tag += namespaceAttribute(pairs[k] as string, pairs[k + 1] as string);
    }
    if (attributes !== null) {
      for (let k = 0; k < attributes.length; k += STRIDE) {
        if (isIdLikeName(attributes[k + 3] as string)) {
          this.refused = true;
          return;
        }
        this.noteValue(attributes[k + 4] as string, bindings);
      }
      if (attributes.length === STRIDE)
        tag += ' ' + (attributes[0] as string) + '="' + escapeAttribute(attributes[4] as string) + '"';
      else {
        // A stable insertion sort of the entry offsets (c14n's attribute order).
        const order: number[] = [];
        for (let k = 0; k < attributes.length; k += STRIDE) {
          let j = order.length - 1;
          for (; j >= 0 && compareAttributeEntries(attributes, order[j] as number, k) > 0; j--)
            order[j + 1] = order[j] as number;
          order[j + 1] = k;
        }
        for (let k = 0; k < order.length; k++) {
          const at = order[k] as number;
          tag +=
            ' ' + (attributes[at] as string) + '="' + escapeAttribute(attributes[at + 4] as string) + '"';
        }
      }
    }
    this.out += tag + '>';
  }

  text(value: string): void {
    this.out += escapeText(value);
  }

  close(name: string, wholeText: string | null, bindings: ReadonlyMap<string, string>): void {
    if (this.refused) return;
    if (wholeText !== null) this.noteValue(wholeText, bindings);
    this.out += '</' + name + '>';
  }
}
