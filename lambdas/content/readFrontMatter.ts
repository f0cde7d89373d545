import * as z from 'zod';
import type { Author } from '../config/siteConfig';
import { ArticleError, InvalidDateError } from './errors';
import { parseDate, type ArticleDate } from './parseDate';
import { printable } from './pathProblem';
import { normaliseSlug, slugProblem } from './slugFor';

/** The front matter fields Herald understands, with Hugo and Jekyll aliases folded together. */
export interface FrontMatter {
  readonly title?: string;
  readonly subtitle?: string;
  /** `description`, `summary` or `excerpt`, in that order. */
  readonly description?: string;
  readonly date?: ArticleDate;
  /** `lastmod`, `last_modified_at`, `updated` or `modified`. */
  readonly updated?: ArticleDate;
  readonly publishDate?: ArticleDate;
  readonly expiryDate?: ArticleDate;
  /** `draft: true` (Hugo) or `published: false` (Jekyll). */
  readonly draft: boolean;
  /** `notify: false` keeps the article out of the newsletter. */
  readonly notify: boolean;
  readonly slug?: string;
  readonly tags: readonly string[];
  readonly categories: readonly string[];
  readonly authors: readonly Author[];
  /** `featuredImage`, `image` or the first of `images`, as written (maybe relative). */
  readonly image?: string;
  /** As written: an http(s) URL or a path on the site. */
  readonly canonicalUrl?: string;
  readonly lang?: string;
  /**
   * Dates that could not be read in fields whose loss costs little (`date`, which the
   * file name or first-seen time replaces, and `lastmod`): the article still publishes.
   */
  readonly unreadableDates: readonly UnreadableDate[];
  /** Hugo's `aliases`: old URLs of the article, as written. */
  readonly aliases: readonly string[];
}

/** A date field Herald could not read, and why. */
export interface UnreadableDate {
  /** The field as the author spelled it. */
  readonly field: string;
  readonly line?: number;
  readonly reason: string;
}

const text = z.union([z.string(), z.number()], { error: 'must be text' }).transform((v) => String(v).trim());
const date = z.unknown().transform((value, ctx): ArticleDate => {
  try {
    return parseDate(value);
  } catch (error) {
    if (!(error instanceof InvalidDateError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});
// Like `date`, but an unreadable value becomes a warning: Hugo and Jekyll authors have dates in forms no parser knows.
const lenientDate = z.unknown().transform((value): ArticleDate | { unreadable: string } => {
  try {
    return parseDate(value);
  } catch (error) {
    if (!(error instanceof InvalidDateError)) throw error;
    return { unreadable: error.message };
  }
});
const flag = z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' }).transform((v) => v === true || v === 'true');
const listOrText = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))], { error: 'must be a list of text values' });
// Jekyll splits `tags: ruby rails` on spaces; `tags: a, b` is split on its commas, so "machine learning, go" keeps its two tags.
const list = listOrText.transform((v) => (Array.isArray(v) ? v.map(String) : String(v).split(String(v).includes(',') ? ',' : /\s+/)).map((s) => s.trim()).filter(Boolean));
// Jekyll's singular `category: Release notes` is one name.
const singular = listOrText.transform((v) => (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((s) => s.trim()).filter(Boolean));
// The one slug rule (slugProblem) applies here so the error names the field and its line.
const slug = text.transform(normaliseSlug).superRefine((s, ctx) => {
  const problem = slugProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${printable(s)}" ${problem}` });
});
const WEB_URL = 'must be an http(s) URL or a path on the site';
const url = text.refine(isWebUrl, WEB_URL);
const authorObject = z.object({ name: text, email: z.email().optional(), url: url.optional() });
const author = z.union([text, authorObject], { error: 'must be a name or { name, email }' }).transform(toAuthor);
const authors = z.union([author, z.array(author)]).transform((v) => (Array.isArray(v) ? v : [v]));
const imageRef = z.union([text, z.object({ path: text }), z.object({ url: text })], { error: 'must be an image path or URL' })
  .transform((v) => (typeof v === 'string' ? v : 'path' in v ? v.path : v.url))
  .refine(isWebUrl, 'must be an http(s) URL or a path to an image');

// Keys are lower-cased first, as Hugo does, so `publishDate` and `publishdate` are one field.
const schema = z.object({
  title: text.optional(),
  subtitle: text.optional(),
  description: text.optional(),
  summary: text.optional(),
  excerpt: text.optional(),
  date: lenientDate.optional(),
  lastmod: lenientDate.optional(),
  last_modified_at: lenientDate.optional(),
  updated: lenientDate.optional(),
  modified: lenientDate.optional(),
  publishdate: date.optional(),
  expirydate: date.optional(),
  draft: flag.optional(),
  published: flag.optional(),
  notify: flag.optional(),
  slug: slug.optional(),
  tags: list.optional(),
  categories: list.optional(),
  category: singular.optional(),
  author: authors.optional(),
  authors: authors.optional(),
  featuredimage: imageRef.optional(),
  image: imageRef.optional(),
  images: z.array(imageRef).optional(),
  canonicalurl: url.optional(),
  canonical_url: url.optional(),
  // It lands in xml:lang and JSON Feed's language, which expect a BCP 47 tag.
  lang: text.refine((s) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(s), 'must be a language tag such as "de" or "pt-BR"').optional(),
  aliases: list.optional(),
});

/**
 * Validates the fields Herald uses and folds their aliases together. Unknown
 * fields are ignored so themes' own settings (`toc`, `comment`…) do no harm.
 *
 * @throws ArticleError naming the field as the author wrote it, and its line.
 */
export function readFrontMatter(data: Readonly<Record<string, unknown>>, rawFrontMatter: string, file: string): FrontMatter {
  const spelledAs = new Map(Object.keys(data).map((key) => [key.toLowerCase(), key]));
  const lowered = Object.fromEntries(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v]));
  const parsed = schema.safeParse(lowered);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const field = spelledAs.get(key) ?? key;
    throw new ArticleError({ file, line: lineOfField(rawFrontMatter, field), field, reason: reasonOf(issue) });
  }
  const f = parsed.data;
  const unreadableDates: UnreadableDate[] = [];
  const readable = (key: 'date' | 'lastmod' | 'last_modified_at' | 'updated' | 'modified'): ArticleDate | undefined => {
    const value = f[key];
    if (value === undefined || !('unreadable' in value)) return value;
    const field = spelledAs.get(key) ?? key;
    unreadableDates.push({ field, line: lineOfField(rawFrontMatter, field), reason: value.unreadable });
    return undefined;
  };
  const date = readable('date');
  const updated = [readable('lastmod'), readable('last_modified_at'), readable('updated'), readable('modified')].find(Boolean);
  return {
    title: f.title || undefined,
    subtitle: f.subtitle || undefined,
    description: f.description || f.summary || f.excerpt || undefined,
    date,
    updated,
    publishDate: f.publishdate,
    expiryDate: f.expirydate,
    draft: f.draft === true || f.published === false,
    notify: f.notify !== false,
    slug: f.slug,
    tags: f.tags ?? [],
    categories: f.categories ?? f.category ?? [],
    authors: f.authors ?? f.author ?? [],
    image: f.featuredimage ?? f.image ?? f.images?.[0],
    canonicalUrl: f.canonicalurl ?? f.canonical_url,
    lang: f.lang,
    unreadableDates,
    aliases: f.aliases ?? [],
  };
}

// A union (an author as a name, an object or a list) fails as a whole; the reason worth telling is a refinement's inside it.
function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_union') return issue.message;
  const refined = issue.errors.flat().find((inner) => inner.code === 'custom' || inner.code === 'invalid_union');
  return refined ? reasonOf(refined) : issue.message;
}

// Resolved against any http(s) base, a site path stays http(s); `javascript:`, `data:` and the like do not.
function isWebUrl(value: string): boolean {
  const protocol = URL.parse(value, 'https://site.invalid/')?.protocol;
  return protocol === 'https:' || protocol === 'http:';
}

// "Jane Doe <jane@example.com>" is how Jekyll sites often write an author.
function toAuthor(value: string | { name: string; email?: string; url?: string }): Author {
  if (typeof value !== 'string') return value;
  const withEmail = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(value);
  return withEmail ? { name: withEmail[1]!, email: withEmail[2]! } : { name: value };
}

/** The file line that sets a front matter field (YAML, TOML or JSON), matched case-insensitively. */
export function lineOfField(rawFrontMatter: string, field: string): number | undefined {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*(?:"${escaped}"|${escaped})\\s*[:=]`, 'i');
  const index = rawFrontMatter.split('\n').findIndex((line) => pattern.test(line));
  return index === -1 ? undefined : index + 1;
}
