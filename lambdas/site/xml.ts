// XML 1.0 §2.2 Char production: C0 controls other than TAB, LF and CR, lone surrogates and the
// non-characters U+FFFE/U+FFFF make a document not well-formed, escaped or not.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Attribute values of one element, in the order written; undefined ones are left out. */
export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

/** Removes the characters XML 1.0 cannot carry at all. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '');
}

/**
 * Makes any text safe as XML character data (XML 1.0 §2.4): characters XML
 * cannot carry are removed and markup characters escaped, so whatever an
 * author writes, the document stays well-formed. A carriage return is written
 * as a reference because parsers turn a literal one into a line feed (§2.11).
 */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>\r]/g, (c) => ENTITIES[c]!);
}

/**
 * Makes any text safe as a double-quoted attribute value (XML 1.0 §3.1), and
 * keeps tabs and line breaks, which attribute-value normalisation (§3.3.3)
 * would otherwise turn into spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return xmlSafe(text).replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c]!);
}

/**
 * One element with escaped attributes; `content` is already XML (child
 * elements), or undefined for an empty element.
 */
export function xmlElement(name: string, attributes: XmlAttributes, content?: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join('');
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

/** An element holding text, escaped. */
export function xmlText(name: string, text: string, attributes: XmlAttributes = {}): string {
  return xmlElement(name, attributes, escapeXml(text));
}
