import sanitize from 'sanitize-html';

/** The elements article HTML may contain. */
export const ARTICLE_TAGS: readonly string[] = [...sanitize.defaults.allowedTags, 'img', 'figure', 'figcaption', 'del', 's', 'ins', 'details', 'summary'];

const URL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = { a: ['href'], img: ['src'], q: ['cite'], blockquote: ['cite'] };

/**
 * Makes rendered article HTML safe to put in a page, a feed or an email:
 * no scripts, no event handlers, no `javascript:` URLs; every link and image
 * made absolute against the article's URL, because feed readers and mail
 * clients show the HTML far away from the site.
 */
export function sanitizeHtml(html: string, baseUrl: string): string {
  return sanitize(html, {
    allowedTags: [...ARTICLE_TAGS],
    allowedAttributes: {
      a: ['href', 'title', 'id'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
      // Heading and footnote ids are link targets: `#section` links and tables of contents need them.
      ...Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'sup'].map((tag) => [tag, ['id']])),
      th: ['style', 'colspan', 'rowspan'],
      td: ['style', 'colspan', 'rowspan'],
      ol: ['start'],
      blockquote: ['cite'],
      q: ['cite'],
    },
    allowedClasses: {
      code: [/^language-[\w+#-]+$/],
      span: [/^hl-[a-z]+$/],
      a: ['footnote-ref', 'footnote-backref'],
      sup: ['footnote-ref'],
      hr: ['footnotes-sep'],
      section: ['footnotes'],
      ol: ['footnotes-list'],
      li: ['footnote-item'],
    },
    allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    transformTags: Object.fromEntries(
      Object.entries(URL_ATTRIBUTES).map(([tag, attributes]) => [tag, (tagName: string, attribs: sanitize.Attributes) => ({
        tagName,
        attribs: absolutise(attribs, attributes, baseUrl),
      })]),
    ),
  });
}

function absolutise(attribs: sanitize.Attributes, names: readonly string[], baseUrl: string): sanitize.Attributes {
  const out = { ...attribs };
  for (const name of names) {
    const value = out[name];
    if (value === undefined) continue;
    // An unparsable URL is dropped rather than passed on for a reader to trip over.
    const resolved = URL.parse(value.trim(), baseUrl);
    if (resolved) out[name] = resolved.href;
    else delete out[name];
  }
  return out;
}
