/**
 * Shortens text to at most `max` characters, cutting at a word boundary and
 * adding an ellipsis, so summaries never end mid-word.
 */
export function truncateAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  // A single very long "word" (a URL) is cut where it must be.
  const head = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut.slice(0, max - 1);
  return `${head.replace(/[\s.,;:!?-]+$/, '')}…`;
}
