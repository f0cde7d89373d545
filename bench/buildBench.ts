import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateArticles } from './generateArticles';
import { writeHugoSite } from './hugoSite';
import type { Figures } from './report';

const ROOT = resolve(__dirname, '..');
const SITE_URL = 'https://bench.example.com/';
const TIME = '/usr/bin/time';

/** Wall time, CPU time and peak memory of one command, as GNU time reports them. */
interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

/** What to run: `runs` rounds, each a Herald build and (with `vsHugo`) a Hugo build right after it. */
export interface BuildBenchOptions {
  readonly vsHugo?: boolean;
  readonly runs?: number;
}

/**
 * A full `herald build` of generated articles, run as a user runs it (a fresh
 * process writing a fresh folder), with its own --profile breakdown. With
 * `vsHugo`, Hugo builds the same articles into another fresh folder right
 * after, measured the same way, and the ratios are the goal's figures. With
 * `runs` above 1 the two alternate and every figure is the median of the
 * runs (each ratio the median of the runs' own ratios, since a shared
 * machine's load changes between rounds but little within one).
 */
export function buildBench(articles: number, options: BuildBenchOptions = {}): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  try {
    generateArticles(join(dir, 'content'), articles);
    const hugo = options.vsHugo === true && hugoInstalled();
    if (hugo) writeHugoSite(dir, SITE_URL);
    const rounds: Record<string, number>[] = [];
    // Every build writes a folder of its own, all removed at the end: right after ten thousand files
    // are deleted, ext4 creates files several times slower (it skips recently freed inodes), and one
    // tool would pay for the other's clean-up.
    for (let run = 0; run < Math.max(1, options.runs ?? 1); run++) {
      const load = loadavg()[0]!;
      const herald = heraldRun(dir, articles, join(dir, `public-${run}`));
      rounds.push({ ...herald, 'load average (1 min) at start': Number(load.toFixed(2)), ...(hugo && hugoRun(dir, herald, join(dir, `hugo-public-${run}`))) });
    }
    return { runs: rounds.length, ...medians(rounds) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function heraldRun(dir: string, articles: number, out: string): Record<string, number> {
  const herald = measure(process.execPath, [join(ROOT, 'bin', 'herald.cjs'), 'build', '--content', join(dir, 'content'), '--out', out, '--site-url', SITE_URL, '--config', join(dir, 'none.json'), '--profile']);
  const built = /Built (\d+) article/.exec(herald.stdout);
  if (Number(built?.[1]) !== articles) throw new Error(`expected ${articles} articles, the build said: ${herald.stdout}`);
  const profile = /read (\d+) ms, parse (\d+) ms on (\d+) thread\(s\), pages and feeds (\d+) ms, write (\d+) ms/.exec(herald.stdout);
  if (!profile) throw new Error(`no profile line in: ${herald.stdout}`);
  const [, read, parse, threads, assemble, write] = profile.map(Number);
  return {
    articles,
    'read ms': read!,
    [`parse ms (${threads} threads)`]: parse!,
    'pages and feeds ms': assemble!,
    'write ms': write!,
    'wall ms': herald.wallMs,
    'CPU ms': herald.cpuMs,
    'articles/s': Math.round(articles / (herald.wallMs / 1000)),
    'peak RSS MB': herald.peakRssMb,
  };
}

function hugoInstalled(): boolean {
  if (spawnSync('hugo', ['version']).status === 0) return true;
  process.stderr.write('hugo is not installed (Debian: apt-get install hugo); skipping the comparison\n');
  return false;
}

function hugoRun(dir: string, herald: Readonly<Record<string, number>>, out: string): Record<string, number> {
  const hugo = measure('hugo', ['--quiet', '--source', dir, '--destination', out]);
  for (const page of [['posts', 'post-0', 'index.html'], ['tags', 'bench', 'index.xml']]) {
    if (!existsSync(join(out, ...page))) throw new Error(`hugo did not build ${page.join('/')}`);
  }
  return {
    'hugo wall ms': hugo.wallMs,
    'hugo CPU ms': hugo.cpuMs,
    'hugo peak RSS MB': hugo.peakRssMb,
    'herald/hugo wall time (target ≤ 1)': Number((herald['wall ms']! / hugo.wallMs).toFixed(2)),
    'herald/hugo peak RSS (target ≤ 1)': Number((herald['peak RSS MB']! / hugo.peakRssMb).toFixed(2)),
  };
}

// The median of each figure over the rounds, in the first round's order.
function medians(rounds: readonly Readonly<Record<string, number>>[]): Figures {
  return Object.fromEntries(Object.keys(rounds[0]!).map((name) => {
    const values = rounds.map((r) => r[name]!).sort((a, b) => a - b);
    const middle = values.length / 2;
    const median = values.length % 2 === 1 ? values[Math.floor(middle)]! : (values[middle - 1]! + values[middle]!) / 2;
    return [name, Number.isInteger(median) ? median : Number(median.toFixed(2))];
  }));
}

// GNU time counts every thread of the process, and the peak memory of all of them together.
function measure(command: string, args: readonly string[]): Measured {
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure CPU and memory: apt-get install time`);
  const run = spawnSync(TIME, ['-f', '\n%e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = run.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, user, system, rssKb] = last.split(' ').map(Number);
  if (run.status !== 0 || rssKb === undefined || Number.isNaN(rssKb)) throw new Error(`${command} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return { wallMs: Math.round(wall! * 1000), cpuMs: Math.round((user! + system!) * 1000), peakRssMb: Math.round(rssKb / 1024), stdout: run.stdout };
}
