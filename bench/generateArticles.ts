import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WORDS = ('feed reader article publish bucket static site deploy markdown front matter subscriber email newsletter '
  + 'lambda function archive page title summary link image code block table list quote draft schedule author reader '
  + 'change review commit branch release small batch feedback loop measure cost latency cache header token queue').split(' ');

/** A tiny deterministic PRNG (mulberry32), so every run benchmarks (and every test reads) the same text. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]!);
  picked[0] = picked[0]!.charAt(0).toUpperCase() + picked[0]!.slice(1);
  return `${picked.join(' ')}.`;
}

function paragraph(next: () => number): string {
  return Array.from({ length: 4 + Math.floor(next() * 4) }, () => sentence(next, 8 + Math.floor(next() * 10))).join(' ');
}

/**
 * Writes `count` blog posts of about 900 words each: YAML front matter, headings,
 * paragraphs with links and emphasis, a list, a fenced code block and a
 * `<!--more-->` marker, the mix an ordinary blog has.
 */
export function generateArticles(dir: string, count: number): void {
  const next = random(42);
  mkdirSync(join(dir, 'posts'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2015, 0, 1) + i * 6 * 3_600_000).toISOString();
    const body = [
      paragraph(next),
      '<!--more-->',
      `## ${sentence(next, 4).slice(0, -1)}`,
      `${paragraph(next)} See [the previous post](../post-${Math.max(0, i - 1)}/) and <https://example.com/ref/${i}>.`,
      paragraph(next),
      '- **first** point about the feed\n- second point with `inline code`\n- third point, with a [link](https://example.org/)',
      '```ts\nexport function add(a: number, b: number): number {\n  return a + b; // keep it simple\n}\n```',
      `## ${sentence(next, 3).slice(0, -1)}`,
      paragraph(next),
      paragraph(next),
      `> ${sentence(next, 12)}`,
      paragraph(next),
    ].join('\n\n');
    const front = `---\ntitle: "Post ${i}: ${sentence(next, 5).slice(0, -1)}"\ndate: ${day}\ntags: ["bench", "tag-${i % 17}"]\ncategories: ["cat-${i % 5}"]\ndescription: "${sentence(next, 14)}"\n---\n`;
    writeFileSync(join(dir, 'posts', `post-${i}.md`), front + body + '\n');
  }
}
