import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../lambdas/adapters/dynamoClient';
import { s3Client } from '../lambdas/adapters/s3Client';
import { DynamoArticleState } from '../lambdas/adapters/dynamoArticleState';
import { S3ContentSource } from '../lambdas/adapters/s3ContentSource';
import { S3EntryStore } from '../lambdas/adapters/s3EntryStore';
import { S3SiteStore } from '../lambdas/adapters/s3SiteStore';
import { siteConfigFrom, type SiteConfig } from '../lambdas/config/siteConfig';
import { localUrl } from '../cli/local/localPorts';
import { ensureArticlesTable, ensureBucket } from '../cli/local/provisionLocal';
import { startEmulators } from '../cli/local/startEmulators';
import type { RebuildRequest } from '../lambdas/publish/ports';
import { Publisher } from '../lambdas/publish/publisher';
import type { PublishLog } from '../lambdas/publish/publishLog';
import { Rebuilder } from '../lambdas/publish/rebuilder';
import { entryPath, storedArticleOf } from '../lambdas/publish/storedArticle';
import { renderArticle } from '../lambdas/site/renderArticle';
import { renderVersionOf } from '../lambdas/site/renderVersion';
import { countCommands, type CommandCounter } from './countCommands';
import type { Figures } from './report';

const PORT = 15_560;
const quiet: PublishLog = { published: () => {}, removed: () => {}, rejected: () => {}, warned: () => {}, announced: () => {}, reconciled: () => {}, failed: () => {} };
const NOW = new Date('2030-01-01T00:00:00Z');
const RUNS = 5;

// Each article is on one of ten tags, so a publish also rewrites a tag's page, feeds and month.
const TAGS = 10;
const tagOf = (i: number) => `topic-${i % TAGS}`;
// The newest entries the feeds read: the site's newest 20, and the newest 20 of the new article's tag, every tenth article.
const SEEDED_ENTRIES = 20 * TAGS;

function markdown(i: number, date: string): string {
  return `---\ntitle: "Archive post ${i}"\ndate: ${date}\ntags: [${tagOf(i)}]\n---\nSome text for post ${i}, with a [link](https://example.com/${i}).\n`;
}

/** A valid article of about 1 MB that is almost all table, the kind that made every later publish slow (issue #11). */
function heavyMarkdown(i: number, date: string): string {
  const rows = ['| a | b | c | d | e | f |', '|---|---|---|---|---|---|'];
  const head = `---\ntitle: "Heavy post ${i}"\ndate: ${date}\n---\nA table-heavy article.\n\n`;
  for (let size = head.length; size < 1_000_000; size += rows.at(-1)!.length + 1) {
    rows.push(`| cell **${rows.length}** | [l](https://e.com/${rows.length}) | \`code\` | *em* | text text | ${i} |`);
  }
  return `${head}${rows.join('\n')}\n`;
}

interface Site {
  readonly s3: S3Client;
  readonly db: DynamoDBDocumentClient;
  readonly names: { content: string; site: string; entries: string; table: string };
  readonly site: SiteConfig;
}

/**
 * Publishes one new article into sites of each size and counts what it
 * costs: the publish and rebuild handlers' time and their S3 and DynamoDB
 * calls for that one event. The archive is seeded straight into the articles
 * table (and the newest entries into the entries bucket), as publishing it
 * event by event would take far longer than the measurement. Each figure is
 * the median of five articles. One more figure publishes the same articles
 * into the 100-article site after three 1 MB, table-heavy articles became
 * its newest: it should match the plain one. Each size's time is also given
 * against the 100-article one, whose target (issue #15) is at most 1.5.
 */
export async function publishBench(sizes: readonly number[]): Promise<Figures> {
  // On disk, as `herald dev` keeps them: dynalite's table then lives in LevelDB outside the JavaScript heap, which
  // 200,000 items would otherwise fill, slowing every garbage collection of the handlers measured beside it.
  const state = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const emulators = await startEmulators({ s3: PORT, dynamodb: PORT + 1, ses: PORT + 2 }, state, { ses: false });
  const figures: Record<string, number> = {};
  try {
    const s3 = s3Client(localUrl(PORT));
    const db = dynamoClient(localUrl(PORT + 1));
    const site = siteConfigFrom({ siteUrl: 'https://bench.example.com/' });
    const counter = countCommands([s3, db]);
    const publishOne = (target: Site, key: string, date: string, body?: string) => publish(target, counter, key, date, body);
    // The median of five fresh articles, each its own event: one run on a shared machine is mostly noise.
    const measure = async (target: Site) => {
      await publishOne(target, 'warm/up.md', '2029-12-30T00:00:00Z'); // the process is warm for every figure alike
      const runs: Figures[] = [];
      for (let run = 0; run < RUNS; run += 1) runs.push(await publishOne(target, `new/fresh-${run}.md`, `2029-12-31T0${run}:00:00Z`));
      return median(runs);
    };
    for (const size of sizes) {
      const seeded = performance.now();
      const target = await seededSite(s3, db, site, `${size}`, size);
      figures[`${size} articles: seeding s`] = Math.round((performance.now() - seeded) / 100) / 10;
      Object.assign(figures, prefixed(`${size} articles`, await measure(target)));
      const base = figures[`${sizes[0]} articles: handler ms`]!;
      if (size !== sizes[0]) figures[`${size} articles: handler time against ${sizes[0]} articles (target ≤ 1.5)`] = Math.round((figures[`${size} articles: handler ms`]! / base) * 100) / 100;
    }
    const heavy = await seededSite(s3, db, site, 'heavy', 100);
    for (let i = 0; i < 3; i += 1) await publishOne(heavy, `heavy/h${i}.md`, `2029-12-2${i}T00:00:00Z`, heavyMarkdown(i, `2029-12-2${i}T00:00:00Z`));
    Object.assign(figures, prefixed('100 articles, 3 heavy (1 MB) among the newest', await measure(heavy)));
  } finally {
    await emulators.stop();
    rmSync(state, { recursive: true, force: true });
  }
  return figures;
}

// One upload, handled by a fresh publish function and then a fresh rebuild, as two cold-cache Lambda invocations would.
async function publish(target: Site, counter: CommandCounter, key: string, date: string, body = markdown(0, date)): Promise<Figures> {
  const { s3, db, names, site } = target;
  await s3.send(new PutObjectCommand({ Bucket: names.content, Key: key, Body: body }));
  const requests: RebuildRequest[] = [];
  const state = new DynamoArticleState(db, names.table);
  const publisher = new Publisher({
    site, state, log: quiet, clock: () => NOW,
    content: new S3ContentSource(s3, names.content),
    entries: new S3EntryStore(s3, names.entries),
    output: new S3SiteStore(s3, names.site, names.content),
    rebuilds: { request: async (r) => void requests.push(r) },
    events: { send: async () => undefined },
  });
  const rebuilder = new Rebuilder({
    site, state, log: quiet, clock: () => NOW,
    content: new S3ContentSource(s3, names.content),
    entries: new S3EntryStore(s3, names.entries),
    output: new S3SiteStore(s3, names.site, names.content),
    announcer: { announce: async () => undefined },
  });
  counter.reset();
  const started = performance.now();
  const event = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: names.content }, object: { key, sequencer: '0A1' } } }] });
  const { failed } = await publisher.publishBatch([{ id: '1', body: event }]);
  await rebuilder.rebuild(requests);
  const ms = performance.now() - started;
  if (failed.length > 0) throw new Error(`the benchmark event for ${key} failed`);
  const s3Calls = [...counter.counts].filter(([name]) => /Object|Bucket/.test(name)).reduce((a, [, n]) => a + n, 0);
  return { 'handler ms': Math.round(ms), 'S3 calls': s3Calls, 'DynamoDB calls': counter.total() - s3Calls };
}

/**
 * The archive as the rebuild would have left it, written straight into the
 * table in bulk (publishing 100,000 articles one event at a time would take
 * hours): a slug item per article, its place on its tag's listing, the
 * months of the site's listing and each tag's, and the stored entries of
 * the newest articles, the only ones the feeds read.
 */
async function seededSite(s3: S3Client, db: DynamoDBDocumentClient, site: SiteConfig, id: string, size: number): Promise<Site> {
  const names = { content: `bench-content-${id}`, site: `bench-site-${id}`, entries: `bench-entries-${id}`, table: `bench-articles-${id}` };
  for (const bucket of [names.content, names.site, names.entries]) await ensureBucket(s3, bucket);
  await ensureArticlesTable(db as never, names.table);
  const version = renderVersionOf(site);
  const items: Record<string, unknown>[] = [];
  const months = new Map<string, Map<string, { count: number; updated: string }>>();
  const count = (tag: string, date: string) => {
    const listing = months.get(tag) ?? months.set(tag, new Map()).get(tag)!;
    const month = listing.get(date.slice(0, 7));
    listing.set(date.slice(0, 7), { count: (month?.count ?? 0) + 1, updated: date });
  };
  const entries = new S3EntryStore(s3, names.entries);
  for (let i = 0; i < size; i += 1) {
    const date = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString();
    const key = `posts/p${i}.md`;
    const entry = entryPath(key, `seed${i}`, version);
    if (i >= size - SEEDED_ENTRIES) {
      const { article, page } = renderArticle({ key, bytes: Buffer.from(markdown(i, date)) }, { site, firstSeen: () => ({ date: NOW, source: 'bench' }) });
      await entries.put(entry, storedArticleOf(article, site), page);
    }
    const listing = { title: `Archive post ${i}`, url: `${site.url}posts/p${i}/`, date, updated: date, summary: `Some text for post ${i}.`, tags: [tagOf(i)], categories: [], entry, renderVersion: version };
    const listedAt = `${date}#p${i}`;
    items.push(
      { pk: `slug#p${i}`, slug: `p${i}`, owner: key, firstPublishedAt: date, id: listing.url, aliases: [], listing, listed: 'published', listedAt, month: date.slice(0, 7) },
      { pk: `tagged#${tagOf(i)}#p${i}`, slug: `p${i}`, id: listing.url, listing, listed: `tag#${tagOf(i)}`, listedAt },
    );
    count('', date);
    count(tagOf(i), date);
  }
  for (const [tag, listing] of months) items.push({ pk: `months#${tag}`, tag, months: Object.fromEntries(listing) });
  // Eight batches in flight at a time: dynalite takes them as fast as one process can write.
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
    for (let b = lane; b < batches.length; b += 8) {
      let unprocessed = batches[b]!.map((Item) => ({ PutRequest: { Item } }));
      while (unprocessed.length > 0) {
        const answer = await db.send(new BatchWriteCommand({ RequestItems: { [names.table]: unprocessed } }));
        unprocessed = (answer.UnprocessedItems?.[names.table] ?? []) as typeof unprocessed;
      }
    }
  }));
  return { s3, db, names, site };
}

// Each figure's median over the runs.
function median(runs: readonly Figures[]): Figures {
  return Object.fromEntries(Object.keys(runs[0]!).map((name) => {
    const values = runs.map((r) => r[name]!).sort((a, b) => a - b);
    return [name, values[Math.floor(values.length / 2)]!];
  }));
}

function prefixed(prefix: string, figures: Figures): Figures {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${prefix}: ${k}`, v]));
}
