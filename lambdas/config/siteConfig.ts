import * as z from 'zod';
import { ConfigError } from './errors';

/** Who writes the site; RSS wants an email, Atom and JSON Feed a name. */
export interface Author {
  readonly name: string;
  readonly email?: string;
  readonly url?: string;
}

/** Everything about the site that outputs depend on, read from `cdk.json` context. */
export interface SiteConfig {
  readonly title: string;
  /** Absolute URL of the site root, always ending in `/`. */
  readonly url: string;
  readonly description: string;
  readonly language: string;
  readonly author: Author;
  /** How many of the newest articles each feed carries. */
  readonly feedItems: number;
  /** Longest plain-text summary, in characters, before it is cut at a word. */
  readonly summaryLength: number;
  /** Articles larger than this are rejected rather than slowing every build down. */
  readonly maxArticleBytes: number;
  /** Static and page-bundle files larger than this are rejected, each on its own, before they are read. */
  readonly maxFileBytes: number;
  /**
   * Values articles may name: `{{ site.NAME }}` in Jekyll posts, `{{< param NAME >}}` in Hugo
   * ones (what `_config.yml` or `hugo.toml`'s `params` held). Nested objects allowed.
   */
  readonly values: Readonly<Record<string, unknown>>;
  /** A feed item carries the article's HTML up to this size, its summary and a link beyond it. */
  readonly feedItemMaxBytes: number;
  /** Rendering one article may take this long before the article is rejected. */
  readonly renderBudgetMs: number;
  /** A WebSub hub: every feed advertises it, and each publish that changes a feed tells it. Unset: off. */
  readonly websubHub?: string;
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

// The context keys are flat so that `cdk deploy -c siteUrl=…` can override any one of them.
const contextSchema = z.object({
  siteTitle: z.string().trim().min(1).default('Herald'),
  siteUrl: httpUrl.default('http://127.0.0.1:3000/'),
  siteDescription: z.string().default(''),
  siteLanguage: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "en-GB"').default('en'),
  authorName: z.string().trim().min(1).default('Herald'),
  authorEmail: z.email().optional(),
  authorUrl: httpUrl.optional(),
  feedItems: z.coerce.number().int().min(1).max(1000).default(20),
  summaryLength: z.coerce.number().int().min(40).max(2000).default(280),
  maxArticleBytes: z.coerce.number().int().min(1024).default(1024 * 1024),
  // Node reads at most 2 GiB - 1 into one buffer (fs kIoMaxLength).
  maxFileBytes: z.coerce.number().int().min(1024).max(2 ** 31 - 1).default(100 * 1024 * 1024),
  siteValues: z.record(z.string(), z.json(), { error: 'must be an object of names and values' }).default({}),
  feedItemMaxBytes: z.coerce.number().int().min(1024).default(256 * 1024),
  renderBudgetMs: z.coerce.number().int().min(100).default(10_000),
  websubHub: httpUrl.optional(),
});

/** The raw `context` object of `cdk.json` (only the site keys are read here). */
export type SiteContext = Readonly<Record<string, unknown>>;

/**
 * Validates the site keys of `cdk.json` context and fills in defaults.
 *
 * @throws ConfigError naming every bad key and why.
 * @example
 * const site = siteConfigFrom({ siteTitle: 'Notes', siteUrl: 'https://notes.example.com' });
 */
export function siteConfigFrom(context: SiteContext, overrides: { siteUrl?: string } = {}): SiteConfig {
  const parsed = contextSchema.safeParse({ ...context, ...definedOnly(overrides) });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid site configuration in cdk.json context: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return {
    title: c.siteTitle,
    url: withTrailingSlash(c.siteUrl),
    description: c.siteDescription,
    language: c.siteLanguage,
    author: { name: c.authorName, ...(c.authorEmail && { email: c.authorEmail }), ...(c.authorUrl && { url: c.authorUrl }) },
    feedItems: c.feedItems,
    summaryLength: c.summaryLength,
    maxArticleBytes: c.maxArticleBytes,
    maxFileBytes: c.maxFileBytes,
    values: c.siteValues,
    feedItemMaxBytes: c.feedItemMaxBytes,
    renderBudgetMs: c.renderBudgetMs,
    ...(c.websubHub && { websubHub: c.websubHub }),
  };
}

function withTrailingSlash(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
