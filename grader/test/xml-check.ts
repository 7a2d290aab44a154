/**
 * A strict little XML reader for the tests of the JUnit writer: it accepts the subset of XML
 * 1.0 a JUnit report uses (a declaration, elements, attributes in double quotes, text, the five
 * named entities and character references) and throws on anything malformed: a raw `<` or `&`,
 * a bad entity, a character XML forbids, tags that do not nest, a second root.
 */

/** An element: its name, attributes, child elements and text (entities decoded). */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

// eslint-disable-next-line no-control-regex -- finding forbidden control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw "<" in ${where}`);
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity "${m}" in ${where}`);
    if (body in ENTITIES) return ENTITIES[body];
    const num = /^#(\d+)$/.exec(body) ?? /^#x([0-9a-fA-F]+)$/.exec(body);
    if (num === null) throw new Error(`unknown entity "&${body};" in ${where}`);
    return String.fromCodePoint(Number.parseInt(num[1], body.startsWith('#x') ? 16 : 10));
  });
}

/** Parses a document; throws with the first problem. Returns the root element. */
export function parseXml(doc: string): XmlElement {
  if (FORBIDDEN.test(doc)) throw new Error('a character XML 1.0 forbids');
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\s*/.exec(doc);
  if (decl !== null) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < doc.length) {
    if (doc.startsWith('</', i)) {
      const end = doc.indexOf('>', i);
      const name = doc.slice(i + 2, end).trim();
      const open = stack.pop();
      if (open === undefined || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      i = end + 1;
    } else if (doc[i] === '<') {
      i++;
      const name = NAME.exec(doc.slice(i))?.[0];
      if (name === undefined) throw new Error(`bad tag at ${i}`);
      i += name.length;
      const attrs: Record<string, string> = {};
      for (;;) {
        const ws = /^\s*/.exec(doc.slice(i))?.[0] ?? '';
        i += ws.length;
        if (doc.startsWith('/>', i) || doc[i] === '>') break;
        const a = /^([A-Za-z_][\w.-]*)="([^"]*)"/.exec(doc.slice(i));
        if (a === null || ws === '') throw new Error(`bad attribute in <${name}> at ${i}`);
        if (a[1] in attrs) throw new Error(`attribute ${a[1]} twice in <${name}>`);
        attrs[a[1]] = decode(a[2], `attribute ${a[1]} of <${name}>`);
        i += a[0].length;
      }
      const el: XmlElement = { name, attrs, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(el);
      else if (root !== null) throw new Error(`a second root <${name}>`);
      else root = el;
      if (doc.startsWith('/>', i)) {
        i += 2;
      } else {
        i += 1;
        stack.push(el);
      }
    } else {
      const next = doc.indexOf('<', i);
      const raw = doc.slice(i, next < 0 ? doc.length : next);
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (raw.trim() !== '') throw new Error('text outside the root');
      } else {
        top.text += decode(raw, `text of <${top.name}>`);
      }
      i = next < 0 ? doc.length : next;
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (root === null) throw new Error('no root element');
  return root;
}

/** Every element named `name` under `el` (itself included), depth first. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
