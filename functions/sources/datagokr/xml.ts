/**
 * data.go.kr XML as the services really send it (reference/sources.md §2), read with one parser
 * (fast-xml-parser) into plain objects of strings:
 *   - a UTF-8 BOM before the prolog is dropped;
 *   - default and prefixed namespaces (`<ns2:response xmlns:ns2=...>`) are removed from names;
 *   - `xsi:nil="true"` is null (not the empty string); every other attribute is dropped;
 *   - CDATA is kept verbatim (never entity-decoded) and joins the element's text;
 *   - entities (the five XML ones, numeric `&#54620;` / `&#xAE00;`) are decoded exactly ONCE by the
 *     parser: `&amp;lt;` becomes `&lt;`, never `<`;
 *   - pretty-printing whitespace and CHAR padding (`CM0103   `) are trimmed from every text;
 *   - tags are never parsed as numbers (`010240` stays a string).
 * A single repeated element comes as one object; callers that expect a list use `listOf`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = string | null | XmlObject | XmlNode[];
export interface XmlObject {
  [name: string]: XmlNode;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Numeric character references are decoded too (the five XML entities always are); one pass.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const TEXT = '#text';

/** Drops attributes, turns `xsi:nil` into null and a text-with-attributes node into its text. */
function clean(node: unknown): XmlNode {
  if (node === null || node === undefined) return null;
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(clean);
  const obj = node as Record<string, unknown>;
  if (obj['@_nil'] === 'true') return null;
  const out: XmlObject = {};
  let children = 0;
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('@_') || k === TEXT) continue;
    out[k] = clean(v);
    children++;
  }
  if (children === 0) return TEXT in obj ? String(obj[TEXT]).trim() : '';
  return out;
}

/**
 * Parses an XML text into a tree of strings; throws a plain Error when it is not well-formed (a
 * truncated body, an HTML page): the caller classifies that.
 */
export function parseXml(text: string): XmlObject {
  const body = text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(body);
  if (valid !== true)
    throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const tree = clean(parser.parse(body));
  if (!tree || typeof tree !== 'object' || Array.isArray(tree))
    throw new Error('XML has no root element');
  return tree;
}

/** One element or many as a list; absent, null or empty text as none. */
export function listOf(node: XmlNode | undefined): XmlObject[] {
  if (node === undefined || node === null || typeof node === 'string') return [];
  const all = Array.isArray(node) ? node : [node];
  return all.filter((n): n is XmlObject => !!n && typeof n === 'object' && !Array.isArray(n));
}

/** The child object `name` of a node, or undefined. */
export function child(node: XmlNode | undefined, name: string): XmlObject | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const c = node[name];
  return c && typeof c === 'object' && !Array.isArray(c) ? c : undefined;
}
