import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * A full `herald build` of generated articles, run as a user runs it (a fresh
 * process writing a fresh folder), with its own --profile breakdown. With
 * `vsHugo`, Hugo builds the same articles into another fresh folder, measured
 * the same way, and the ratios are the goal's figures.
 */
export function buildBench(articles: number, options: { vsHugo?: boolean } = {}): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  try {
    generateArticles(join(dir, 'content'), articles);
    const herald = measure(process.execPath, [join(ROOT, 'bin', 'herald.cjs'), 'build', '--content', join(dir, 'content'), '--out', join(dir, 'public'), '--site-url', SITE_URL, '--config', join(dir, 'none.json'), '--profile']);
    const built = /Built (\d+) article/.exec(herald.stdout);
    if (Number(built?.[1]) !== articles) throw new Error(`expected ${articles} articles, the build said: ${herald.stdout}`);
    const profile = /read (\d+) ms, parse (\d+) ms on (\d+) thread\(s\), pages and feeds (\d+) ms, write (\d+) ms/.exec(herald.stdout);
    if (!profile) throw new Error(`no profile line in: ${herald.stdout}`);
    const [, read, parse, threads, assemble, write] = profile.map(Number);
    const figures: Record<string, number> = {
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
    if (options.vsHugo) Object.assign(figures, hugoFigures(dir, herald));
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hugoFigures(dir: string, herald: Measured): Figures {
  if (spawnSync('hugo', ['version']).status !== 0) {
    process.stderr.write('hugo is not installed (Debian: apt-get install hugo); skipping the comparison\n');
    return {};
  }
  writeHugoSite(dir, SITE_URL);
  const hugo = measure('hugo', ['--quiet', '--source', dir, '--destination', join(dir, 'hugo-public')]);
  if (!existsSync(join(dir, 'hugo-public', 'posts', 'post-0', 'index.html'))) throw new Error('hugo built no article pages');
  return {
    'hugo wall ms': hugo.wallMs,
    'hugo CPU ms': hugo.cpuMs,
    'hugo peak RSS MB': hugo.peakRssMb,
    'herald/hugo wall time (target ≤ 1)': Number((herald.wallMs / hugo.wallMs).toFixed(2)),
    'herald/hugo peak RSS (target ≤ 1)': Number((herald.peakRssMb / hugo.peakRssMb).toFixed(2)),
  };
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
