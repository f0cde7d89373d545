import { articleUrl } from './articleUrl';
import type { ContentWarning } from './contentWarning';
import { slugFromKey } from './slugFor';

/** What shortcode expansion needs to know about the article and the site. */
export interface ShortcodeContext {
  /** Source path relative to the content root, used in warnings. */
  readonly file: string;
  /** 1-based line of the file at which the markdown starts (front matter comes before). */
  readonly firstLine: number;
  /** Absolute site URL ending in '/'. */
  readonly siteUrl: string;
  /**
   * Site values by name: `{{ site.NAME }}` (Jekyll) and the fallback of `{{< param NAME >}}` (Hugo),
   * the built-in ones (`url`, `title`, …) included.
   */
  readonly siteValues: Readonly<Record<string, unknown>>;
  /** The article's front matter (keys lower-cased): `{{ page.NAME }}` and `{{< param NAME >}}`. */
  readonly pageValues: Readonly<Record<string, unknown>>;
  /**
   * Absolute URL of the post or file a reference names (`posts/x.md`, `2010-07-21-name`), or
   * undefined when none exists (the link then leads where it would be).
   */
  postUrl(ref: string): string | undefined;
}

/** Markdown with template syntax expanded, and what was dropped. */
export interface ExpandedMarkdown {
  readonly markdown: string;
  readonly warnings: readonly ContentWarning[];
}

interface Tag {
  /** `hugo` for `{{< >}}`/`{{% %}}`, `liquid` for `{% %}`, `output` for `{{ }}`. */
  readonly kind: 'hugo' | 'liquid' | 'output';
  readonly name: string;
  readonly closing: boolean;
  readonly args: readonly string[];
  readonly named: Readonly<Record<string, string>>;
  readonly raw: string;
  readonly end: number;
}

const SPECIAL = /[`{\n]/g;
const BLOCK_LIQUID = new Set(['if', 'elsif', 'else', 'unless', 'case', 'when', 'endif', 'endunless', 'endcase']);
// Inside code, Jekyll still consumes `{% raw %}` markers and Hugo its `{{</* */>}}` escapes.
const CODE_TEMPLATE_MARKERS = /\{%-?\s*(?:end)?raw\s*-?%\}|\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g;

/**
 * Turns Hugo shortcodes and Jekyll Liquid tags into plain markdown or HTML,
 * so template syntax never reaches a reader: common ones are rendered
 * (highlight, figure, youtube, vimeo, tweet, ref, raw, comment, link,
 * post_url, site and page values…), the rest are dropped with a warning naming
 * the line. Fenced code blocks and inline code keep their text, less the
 * `{% raw %}` markers and Hugo escapes that Jekyll and Hugo remove there too.
 *
 * @example
 * expandShortcodes('{{< youtube abc >}}', ctx).markdown; // '[Watch on YouTube](https://www.youtube.com/watch?v=abc)'
 */
export function expandShortcodes(markdown: string, ctx: ShortcodeContext): ExpandedMarkdown {
  if (!markdown.includes('{{') && !markdown.includes('{%')) return { markdown, warnings: [] };
  const warnings: ContentWarning[] = [];
  const out: string[] = [];
  const lineOf = (index: number) => ctx.firstLine + countNewlines(markdown, index);
  const warn = (index: number, message: string) => warnings.push({ file: ctx.file, line: lineOf(index), message });
  let i = 0;
  while (i < markdown.length) {
    const atLineStart = i === 0 || markdown[i - 1] === '\n';
    const fence = atLineStart ? /^ {0,3}(`{3,}|~{3,})/.exec(markdown.slice(i, i + 40)) : null;
    if (fence) {
      const end = fenceEnd(markdown, i, fence[1]!);
      out.push(unescapeCode(markdown.slice(i, end)));
      i = end;
      continue;
    }
    const c = markdown[i]!;
    if (c === '`') {
      const end = codeSpanEnd(markdown, i);
      out.push(unescapeCode(markdown.slice(i, end)));
      i = end;
      continue;
    }
    if (c !== '{' || (markdown[i + 1] !== '{' && markdown[i + 1] !== '%')) {
      // Copy up to the next character that can start code or a tag (a newline may start a fence).
      SPECIAL.lastIndex = i + 1;
      const next = SPECIAL.exec(markdown)?.index ?? markdown.length;
      const stop = markdown[next] === '\n' ? next + 1 : next;
      out.push(markdown.slice(i, stop));
      i = stop;
      continue;
    }
    const escaped = /^\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/.exec(markdown.slice(i, i + 2000));
    if (escaped) {
      // Hugo's own escape: the author wants the shortcode shown literally.
      out.push(`{{${escaped[1]}${escaped[2]}${escaped[3]}}}`);
      i += escaped[0].length;
      continue;
    }
    const tag = readTag(markdown, i);
    if (tag === 'not-a-tag') {
      out.push(c);
      i++;
      continue;
    }
    if (tag === 'unterminated') {
      const lineEnd = markdown.indexOf('\n', i);
      warn(i, `unterminated template tag "${markdown.slice(i, Math.min(i + 30, lineEnd === -1 ? markdown.length : lineEnd)).trim()}" dropped`);
      i = lineEnd === -1 ? markdown.length : lineEnd;
      continue;
    }
    const rendered = render(tag, markdown, i, ctx, warn);
    out.push(rendered.text);
    i = rendered.end;
  }
  return { markdown: out.join(''), warnings };
}

function render(tag: Tag, source: string, start: number, ctx: ShortcodeContext, warn: (index: number, message: string) => void): { text: string; end: number } {
  const done = (text: string) => ({ text, end: tag.end });
  if (tag.kind === 'output') return done(renderOutput(tag.name, ctx, (message) => warn(start, message)));
  const name = tag.name;
  // The opening tag of a pair already warned; its inner text is kept.
  if (tag.closing) return done('');
  const block = (closer: RegExp): { inner: string; end: number } => {
    closer.lastIndex = tag.end;
    const match = closer.exec(source);
    if (!match) {
      warn(start, `"${name}" is never closed; the rest of the article is taken as its content`);
      return { inner: source.slice(tag.end), end: source.length };
    }
    return { inner: source.slice(tag.end, match.index), end: match.index + match[0].length };
  };
  const hugoBlock = () => block(new RegExp(`\\{\\{[<%]-?\\s*/${name}\\s*-?[>%]\\}\\}`, 'g'));
  const liquidBlock = () => block(new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, 'g'));
  const id = tag.named.id ?? tag.args[0];
  if (tag.kind === 'hugo') {
    switch (name) {
      case 'highlight': {
        const { inner, end } = hugoBlock();
        return { text: fencedCode(inner, tag.args[0] ?? ''), end };
      }
      case 'figure':
        return done(figure(tag.named));
      case 'youtube':
        return done(id ? `[Watch on YouTube](https://www.youtube.com/watch?v=${encodeURIComponent(id)})` : '');
      case 'vimeo':
      case 'vimeo_simple':
        return done(id ? `[Watch on Vimeo](https://vimeo.com/${encodeURIComponent(id)})` : '');
      case 'tweet':
      case 'twitter':
      case 'twitter_simple':
      case 'x': {
        const status = tag.named.id ?? tag.args.find((a) => /^\d+$/.test(a));
        const user = tag.named.user ?? (tag.args.length > 1 ? tag.args[0] : undefined);
        const path = user ? `${encodeURIComponent(user)}/status/${encodeURIComponent(status ?? '')}` : `i/status/${encodeURIComponent(status ?? '')}`;
        return done(status ? `[View the post on X](https://x.com/${path})` : '');
      }
      case 'instagram':
        return done(id ? `[View the post on Instagram](https://www.instagram.com/p/${encodeURIComponent(id)}/)` : '');
      case 'gist': {
        const [user, gist, file] = tag.args;
        if (!user || !gist) break;
        const label = file ? `View ${markdownText(file)} on GitHub` : 'View the gist on GitHub';
        const anchor = file ? `#file-${file.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : '';
        return done(`[${label}](https://gist.github.com/${encodeURIComponent(user)}/${encodeURIComponent(gist)}${anchor})`);
      }
      case 'param': {
        const key = tag.named.name ?? tag.args[0] ?? '';
        const value = lookUp(key.toLowerCase(), ctx.pageValues) ?? lookUp(key.toLowerCase(), ctx.pageValues.params) ?? lookUp(key, ctx.siteValues) ?? lookUp(key, ctx.siteValues.params);
        if (value === undefined) warn(start, `param "${key}" is set neither in the front matter nor in the site values ("siteValues" setting); dropped`);
        return done(value ?? '');
      }
      case 'details': {
        const { inner, end } = hugoBlock();
        const summary = tag.named.summary ?? tag.args[0] ?? 'Details';
        return { text: `\n\n<details>\n<summary>${escapeMarkup(summary)}</summary>\n\n${inner.trim()}\n\n</details>\n\n`, end };
      }
      case 'comment':
        return { text: '', end: hugoBlock().end };
      case 'ref':
      case 'relref':
        return done(resolveRef(tag.args[0] ?? tag.named.path ?? '', ctx));
      default:
    }
    warn(start, `unsupported Hugo shortcode "${name}" dropped`);
    return done('');
  }
  switch (name) {
    case 'highlight': {
      const { inner, end } = liquidBlock();
      return { text: fencedCode(inner.replace(/^\n/, ''), tag.args[0] ?? ''), end };
    }
    case 'raw': {
      const { inner, end } = liquidBlock();
      return { text: inner, end };
    }
    case 'comment':
      return { text: '', end: liquidBlock().end };
    case 'for':
    case 'capture': {
      // A loop's body speaks of its loop variable and a capture only sets one: written once, either would be wrong.
      warn(start, `Liquid "${name}" block dropped with its content`);
      return { text: '', end: liquidBlock().end };
    }
    case 'link':
    case 'post_url':
      return done(resolveRef(tag.args[0] ?? '', ctx));
    default:
      if (!BLOCK_LIQUID.has(name)) warn(start, `unsupported Liquid tag "${name}" dropped`);
      else warn(start, `Liquid "${name}" tag dropped; the text around it is kept`);
      return done('');
  }
}

// `{{ site.title }}`, `{{ page.title | upcase }}`, `{{ "/img/a.png" | relative_url }}`.
function renderOutput(expression: string, ctx: ShortcodeContext, warn: (message: string) => void): string {
  const [subject = '', ...filters] = expression.split(/\|(?=(?:[^"']|"[^"]*"|'[^']*')*$)/).map((part) => part.trim());
  const literal = /^(?:"([^"]*)"|'([^']*)')$/.exec(subject);
  const [scope, ...path] = subject.split('.');
  let value: string | undefined;
  if (literal) value = literal[1] ?? literal[2];
  else if (scope === 'site') value = lookUp(path.join('.'), ctx.siteValues);
  else if (scope === 'page') value = lookUp(path.join('.').toLowerCase(), ctx.pageValues);
  if (value === undefined) {
    warn(scope === 'site'
      ? `Liquid output "${subject}" dropped: the site has no value "${path.join('.')}" (give it in the "siteValues" setting)`
      : `unsupported Liquid output "${subject}" dropped`);
    return '';
  }
  for (const filter of filters) {
    const [filterName = ''] = filter.split(':');
    const apply = FILTERS[filterName.trim()];
    if (apply) value = apply(value, ctx);
    else warn(`Liquid filter "${filterName.trim()}" ignored on "${subject}"`);
  }
  return value;
}

const FILTERS: Readonly<Record<string, (value: string, ctx: ShortcodeContext) => string>> = {
  // Herald writes absolute URLs everywhere (feeds and mail need them), so both filters give one.
  relative_url: (value, ctx) => siteRelativeUrl(value, ctx.siteUrl),
  absolute_url: (value, ctx) => siteRelativeUrl(value, ctx.siteUrl),
  escape: (value) => escapeMarkup(value),
  xml_escape: (value) => escapeMarkup(value),
  upcase: (value) => value.toUpperCase(),
  downcase: (value) => value.toLowerCase(),
  strip: (value) => value.trim(),
};

function siteRelativeUrl(value: string, siteUrl: string): string {
  if (URL.canParse(value)) return value;
  return new URL(value.replace(/^\/+/, ''), siteUrl).href;
}

// A dotted name in nested values (`github.repository_url`), shown as text.
function lookUp(name: string, values: unknown): string | undefined {
  let value: unknown = values;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(String).join(', ');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function unescapeCode(code: string): string {
  if (!code.includes('{')) return code;
  return code.replace(CODE_TEMPLATE_MARKERS, (_marker, open: string | undefined, inner: string, close: string) => (open ? `{{${open}${inner}${close}}}` : ''));
}

function markdownText(text: string): string {
  return text.replace(/[\\[\]*_`]/g, '\\$&');
}

// Reads `{{< name args >}}`, `{{% … %}}`, `{% name args %}` or `{{ expr }}` at `start`.
function readTag(source: string, start: number): Tag | 'not-a-tag' | 'unterminated' {
  const two = source.slice(start, start + 3);
  const kind: Tag['kind'] = two === '{{<' || two === '{{%' ? 'hugo' : source[start + 1] === '%' ? 'liquid' : 'output';
  const open = kind === 'hugo' ? 3 : 2;
  const close = kind === 'hugo' ? `${two[2] === '<' ? '>' : '%'}}}` : kind === 'liquid' ? '%}' : '}}';
  if (kind === 'output' && !/^\{\{-?\s*(?:[A-Za-z_]|"[^"\n]*"\s*\||'[^'\n]*'\s*\|)/.test(source.slice(start, start + 200))) return 'not-a-tag';
  const end = source.indexOf(close, start + open);
  const newline = source.indexOf('\n\n', start);
  if (end === -1 || (newline !== -1 && newline < end)) return 'unterminated';
  const body = source.slice(start + open, end).replace(/^-/, '').replace(/-$/, '').trim();
  const raw = source.slice(start, end + close.length);
  if (kind === 'output') return { kind, name: body, closing: false, args: [], named: {}, raw, end: end + close.length };
  const closing = body.startsWith('/');
  const words = tokenize(closing ? body.slice(1) : body);
  const [name = '', ...rest] = words;
  const named: Record<string, string> = {};
  const args: string[] = [];
  for (const word of rest) {
    const pair = /^([\w-]+)=(.*)$/s.exec(word);
    if (pair && kind === 'hugo') named[pair[1]!.toLowerCase()] = unquote(pair[2]!);
    else args.push(unquote(word));
  }
  return { kind, name: name.toLowerCase(), closing, args, named, raw, end: end + close.length };
}

// Splits on white space outside "…" and `…` quotes.
function tokenize(text: string): string[] {
  return text.match(/(?:[^\s"`]+|"[^"]*"|`[^`]*`)+/g) ?? [];
}

function unquote(value: string): string {
  return value.replace(/^(?:"([\s\S]*)"|`([\s\S]*)`)$/, (_, a: string | undefined, b: string | undefined) => a ?? b ?? '');
}

// Hugo stops with REF_NOT_FOUND; Herald links where the post or file would be, and the build's
// check of links to local files warns with the file and line (one warning for every kind of dead link).
function resolveRef(ref: string, ctx: ShortcodeContext): string {
  const [path = '', fragment] = ref.split('#');
  if (!path) return fragment ? `#${fragment}` : '';
  const target = ctx.postUrl(path) ?? guessedUrl(path.replace(/\/+$/, ''), ctx.siteUrl);
  return fragment ? `${target}#${fragment}` : target;
}

// Where the reference would lead once it exists: a post's page, or a file at its own path.
function guessedUrl(path: string, siteUrl: string): string {
  const isFile = /\.[a-z0-9]+$/i.test(path) && !/\.(md|markdown|html?)$/i.test(path);
  return isFile ? new URL(path.replace(/^\/+/, ''), siteUrl).href : articleUrl(siteUrl, slugFromKey(path));
}

function fencedCode(code: string, language: string): string {
  const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const body = code.replace(/^\n/, '').replace(/\n?$/, '\n');
  return `${fence}${language.replace(/[^\w+#-]/g, '')}\n${body}${fence}`;
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function figure(attributes: Readonly<Record<string, string>>): string {
  const e = escapeMarkup;
  const src = attributes.src ?? '';
  const caption = attributes.caption ?? attributes.title;
  let img = `<img src="${e(src)}" alt="${e(attributes.alt ?? caption ?? '')}">`;
  if (attributes.link) img = `<a href="${e(attributes.link)}">${img}</a>`;
  return `\n\n<figure>${img}${caption ? `<figcaption>${e(caption)}</figcaption>` : ''}</figure>\n\n`;
}

function fenceEnd(source: string, start: number, fence: string): number {
  const lineEnd = source.indexOf('\n', start);
  if (lineEnd === -1) return source.length;
  const closer = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'm');
  const rest = source.slice(lineEnd + 1);
  const match = closer.exec(rest);
  if (!match) return source.length;
  const closeLineEnd = rest.indexOf('\n', match.index);
  return closeLineEnd === -1 ? source.length : lineEnd + 1 + closeLineEnd + 1;
}

// A backtick run opens a code span only if a run of the same length closes it.
function codeSpanEnd(source: string, start: number): number {
  let runEnd = start;
  while (source[runEnd] === '`') runEnd++;
  const run = source.slice(start, runEnd);
  let search = runEnd;
  while (search < source.length) {
    const next = source.indexOf(run, search);
    if (next === -1) break;
    let after = next + run.length;
    if (source[after] !== '`' && source[next - 1] !== '`') return after;
    while (source[after] === '`') after++;
    search = after;
  }
  return runEnd;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
