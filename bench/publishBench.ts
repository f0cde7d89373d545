import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../lambdas/adapters/dynamoClient';
import { s3Client } from '../lambdas/adapters/s3Client';
import { DynamoArticleState } from '../lambdas/adapters/dynamoArticleState';
import { S3ContentSource } from '../lambdas/adapters/s3ContentSource';
import { S3SiteStore } from '../lambdas/adapters/s3SiteStore';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { localUrl } from '../cli/local/localPorts';
import { ensureArticlesTable, ensureBucket } from '../cli/local/provisionLocal';
import { startEmulators } from '../cli/local/startEmulators';
import type { ArticleRecord } from '../lambdas/publish/articleRecord';
import { normaliseSequencer } from '../lambdas/publish/contentEvent';
import { Publisher } from '../lambdas/publish/publisher';
import { countCommands } from './countCommands';
import type { Figures } from './report';

const PORT = 15_560;
const quiet = { published: () => {}, removed: () => {}, rejected: () => {}, warned: () => {}, announced: () => {}, failed: () => {} };

function markdown(i: number, date: string): string {
  return `---\ntitle: "Archive post ${i}"\ndate: ${date}\n---\nSome text for post ${i}, with a [link](https://example.com/${i}).\n`;
}

/**
 * Publishes one new article into sites of each size and counts what it costs:
 * handler time and S3 / DynamoDB calls for that one event. The archive is
 * seeded straight into the state table (and the newest sources into S3), as
 * publishing it event by event would take far longer than the measurement.
 */
export async function publishBench(sizes: readonly number[]): Promise<Figures> {
  const emulators = await startEmulators({ s3: PORT, dynamodb: PORT + 1, ses: PORT + 2 });
  const figures: Record<string, number> = {};
  try {
    for (const size of sizes) {
      const s3 = s3Client(localUrl(PORT));
      const db = dynamoClient(localUrl(PORT + 1));
      const names = { content: `bench-content-${size}`, site: `bench-site-${size}`, table: `bench-articles-${size}` };
      await ensureBucket(s3, names.content);
      await ensureBucket(s3, names.site);
      await ensureArticlesTable(db as never, names.table);
      const site = siteConfigFrom({ siteUrl: 'https://bench.example.com/' });
      await seed(s3, db, names, size);

      const counter = countCommands([s3, db]);
      const publisher = new Publisher({
        site,
        content: new S3ContentSource(s3, names.content),
        output: new S3SiteStore(s3, names.site, names.content),
        state: new DynamoArticleState(db, names.table),
        announcer: { announce: async () => undefined },
        log: quiet,
        clock: () => new Date('2030-01-01T00:00:00Z'),
      });
      await s3.send(new PutObjectCommand({ Bucket: names.content, Key: 'new/fresh.md', Body: markdown(size, '2029-12-31T00:00:00Z') }));
      counter.reset();
      const started = performance.now();
      const event = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: names.content }, object: { key: 'new/fresh.md', sequencer: '0A1' } } }] });
      const { failed } = await publisher.publishBatch([{ id: '1', body: event }]);
      const ms = performance.now() - started;
      if (failed.length) throw new Error('the benchmark event failed');
      const s3Calls = [...counter.counts].filter(([name]) => /Object|Bucket/.test(name)).reduce((a, [, n]) => a + n, 0);
      figures[`${size} articles: handler ms`] = Math.round(ms);
      figures[`${size} articles: S3 calls`] = s3Calls;
      figures[`${size} articles: DynamoDB calls`] = counter.total() - s3Calls;
    }
  } finally {
    await emulators.stop();
  }
  return figures;
}

async function seed(s3: ReturnType<typeof s3Client>, db: ReturnType<typeof dynamoClient>, names: { content: string; table: string }, size: number): Promise<void> {
  const records: ArticleRecord[] = Array.from({ length: size }, (_, i) => {
    const date = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
    return { key: `posts/p${i}.md`, sequencer: normaliseSequencer(1), hash: `h${i}`, state: 'published', slug: `p${i}`, title: `Archive post ${i}`, summary: `Some text for post ${i}.`, url: `https://bench.example.com/posts/p${i}/`, date, visibleFrom: date };
  });
  for (let i = 0; i < records.length; i += 25) {
    const batch = records.slice(i, i + 25).map((r) => ({ PutRequest: { Item: { ...r, pk: `article#${r.key}`, listed: 'published', listedAt: `${r.date}#${r.slug}` } } }));
    await db.send(new BatchWriteCommand({ RequestItems: { [names.table]: batch } }));
  }
  // Only the newest sources are ever re-read (for the feeds); older ones need only their records.
  for (const r of records.slice(-40)) await s3.send(new PutObjectCommand({ Bucket: names.content, Key: r.key, Body: markdown(Number(r.slug!.slice(1)), r.date!) }));
}
