import { parse } from 'smol-toml';

/** A date value exactly as smol-toml hands it to front matter parsing. */
export function smolTomlDate(text: string): unknown {
  return parse(`d = ${text}`).d;
}
