/**
 * Hostile-but-legal document shapes for the intake scaling review: each builder makes a document
 * of about `size` bytes that stays inside DEFAULT_INTAKE_LIMITS, stressing one parser path.
 */
export interface Shape {
  readonly name: string;
  build(size: number): string;
}

const repeatTo = (unit: string, size: number): string =>
  unit.repeat(Math.max(1, Math.floor(size / unit.length)));

const ATTRS_32 = Array.from({ length: 31 }, (_, i) => ` a${i}="v"`).join('');

export const SHAPES: readonly Shape[] = [
  {
    name: 'many attributes (31 per element, near the per-element limit)',
    build: (size) => `<r>${repeatTo(`<e${ATTRS_32}/>`, size)}</r>`,
  },
  {
    name: 'one very long element name',
    build: (size) => {
      const name = `n${'x'.repeat(Math.floor(size / 2) - 8)}`;
      return `<${name}></${name}>`;
    },
  },
  {
    name: 'long attribute names, 31 distinct per element',
    build: (size) => {
      const long = 'q'.repeat(200);
      const attrs = Array.from({ length: 31 }, (_, i) => ` ${long}${i}="v"`).join('');
      return `<r>${repeatTo(`<e${attrs}/>`, size)}</r>`;
    },
  },
  {
    name: 'namespaced names under 60 nested prefix declarations',
    build: (size) => {
      const depth = 60;
      let open = '';
      let close = '';
      for (let d = 0; d < depth; d++) {
        open += `<p${d}:e xmlns:p${d}="urn:n${d}">`;
        close = `</p${d}:e>${close}`;
      }
      const attrs = Array.from({ length: 30 }, (_, i) => ` p${i * 2}:a${i}="${i}"`).join('');
      const leaf = `<p59:l${attrs}/>`;
      return open + repeatTo(leaf, size - open.length - close.length) + close;
    },
  },
  {
    name: 'many small text nodes (text split by empty comments)',
    build: (size) => `<r>${repeatTo('a<!---->', size)}</r>`,
  },
  {
    name: 'one text node of many character references (under the text limit)',
    build: (size) => `<r>${repeatTo('&#x41;&amp;', Math.min(size, 200_000))}</r>`,
  },
  {
    name: 'one attribute value of many character references (under the text limit)',
    build: (size) => `<r a="${repeatTo('&#x41;&lt;', Math.min(size, 200_000))}"/>`,
  },
  {
    name: 'CR LF line ends everywhere',
    build: (size) => `<r>${repeatTo(`<e a="x\r\ny">${'t\r\n'.repeat(20)}</e>\r\n`, size)}</r>`,
  },
];
