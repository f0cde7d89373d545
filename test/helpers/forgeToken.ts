/**
 * A token with one signature character changed. The second-to-last one: all
 * six of its bits are signature, while the last character of base64url also
 * carries padding bits, so changing only those could leave the token valid.
 */
export function forgeToken(token: string): string {
  const changed = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${changed}${token.at(-1)}`;
}
