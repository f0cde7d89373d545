import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';
const hasFeedparser = spawnSync(PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0;
const requireFeedparser = process.env.HERALD_REQUIRE_FEEDPARSER === '1';

/** `it`, or `it.skip` where Python's feedparser is missing; CI installs Debian's python3-feedparser and sets HERALD_REQUIRE_FEEDPARSER=1, so there this never skips. */
export const itWithFeedparser = hasFeedparser || requireFeedparser ? it : it.skip;

/** What Python's feedparser makes of a feed. */
export interface FeedparserResult {
  bozo: number;
  bozo_exception: string;
  version: string;
  feed: { title: string; link: string };
  entries: { id: string; link: string; title: string; published: string }[];
}

/** Python's feedparser, which many feed readers' behaviour is judged by; "bozo" means it found the feed ill-formed. */
export function feedparser(document: string): FeedparserResult {
  if (!hasFeedparser) throw new Error('Python feedparser is missing: apt-get install -y python3-feedparser');
  const script = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": int(d.bozo), "bozo_exception": str(d.get("bozo_exception", "")), "version": d.version,
  "feed": {"title": d.feed.get("title"), "link": d.feed.get("link")},
  "entries": [{"id": e.get("id"), "link": e.get("link"), "title": e.get("title"), "published": e.get("published")} for e in d.entries]}))`;
  const run = spawnSync(PYTHON, ['-c', script], { input: document, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as FeedparserResult;
}
