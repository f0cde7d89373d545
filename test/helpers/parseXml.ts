import { SaxesParser } from 'saxes';

/** An element as a strict XML parser read it. */
export interface XmlNode {
  /** The qualified name as written (`atom:link`). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** The element's own character data, entities and CDATA decoded. */
  readonly text: string;
}

interface BuildingNode {
  name: string;
  attributes: Record<string, string>;
  children: BuildingNode[];
  text: string;
}

/**
 * Parses a document with saxes, a conformant XML 1.0 parser with namespaces:
 * throws on anything not well-formed (bad characters, unescaped markup,
 * undeclared prefixes), unlike lenient parsers that repair.
 */
export function parseXml(document: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: BuildingNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: BuildingNode[] = [root];
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const node: BuildingNode = { name: tag.name, attributes: Object.fromEntries(Object.entries(tag.attributes).map(([k, a]) => [k, a.value])), children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('cdata', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(document).close();
  if (failure) throw failure;
  return root.children[0]!;
}

/** The children of a node with this name. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The one child of a node with this name. */
export function childNamed(node: XmlNode, name: string): XmlNode {
  const found = childrenNamed(node, name);
  if (found.length !== 1) throw new Error(`expected one <${name}> in <${node.name}>, found ${found.length}`);
  return found[0]!;
}
