// markdown-it-footnote and markdown-it-emoji ship no type declarations; these cover the parts Herald uses.

declare module 'markdown-it-footnote' {
  import type { MarkdownIt } from 'markdown-it';

  const footnote: (md: MarkdownIt) => void;
  export default footnote;
}

declare module 'markdown-it-emoji' {
  import type { MarkdownIt } from 'markdown-it';

  interface EmojiOptions {
    /** Extra or replacement definitions, name → emoji. */
    defs?: Readonly<Record<string, string>>;
    /** Text shortcuts such as `:)`, name → alias or aliases. */
    shortcuts?: Readonly<Record<string, string | readonly string[]>>;
    enabled?: readonly string[];
  }

  /** Every emoji GitHub knows by name. */
  export const full: (md: MarkdownIt, options?: EmojiOptions) => void;
}
