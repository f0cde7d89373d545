import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { HeraldStack } from '../lib/heraldStack';
import type { Figures } from './report';

const RUNS = 5;
const ROOT = resolve(__dirname, '..');

interface TemplateFunction {
  readonly Type: string;
  readonly Properties: {
    readonly Runtime?: string;
    readonly Code?: { readonly S3Key?: unknown };
    readonly Environment?: { readonly Variables?: Record<string, unknown> };
  };
}

/**
 * Synthesizes the stack as `cdk synth` does (or reads an existing cloud
 * assembly) and measures each Node.js function's asset: the JavaScript the
 * runtime loads, its source map, and the cold import — loading the bundle and
 * running its init code with the function's own environment — as the median
 * of `RUNS` fresh processes. Lambda's runtime provides `@aws-sdk/*`; here the
 * externals resolve from this project's node_modules.
 */
export function bundleBench(cdkOut?: string): Figures {
  const outdir = cdkOut ?? mkdtempSync(join(tmpdir(), 'herald-bundles-'));
  try {
    if (!cdkOut) synthesize(outdir);
    const template = JSON.parse(readFileSync(join(outdir, 'Herald.template.json'), 'utf8')) as { Resources: Record<string, TemplateFunction> };
    const figures: Record<string, number> = {};
    let largest = 0;
    let slowest = 0;
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const { Runtime, Code, Environment } = resource.Properties;
      if (resource.Type !== 'AWS::Lambda::Function' || !Runtime?.startsWith('nodejs') || typeof Code?.S3Key !== 'string') continue;
      const asset = join(outdir, `asset.${Code.S3Key.replace(/\.zip$/, '')}`);
      const name = functionName(logicalId);
      const js = statSync(join(asset, 'index.js')).size;
      const map = existsSync(join(asset, 'index.js.map')) ? statSync(join(asset, 'index.js.map')).size : 0;
      const cold = coldImport(join(asset, 'index.js'), environmentOf(Environment?.Variables ?? {}));
      figures[`${name} JS KB`] = Math.round(js / 1024);
      if (map > 0) figures[`${name} source map KB`] = Math.round(map / 1024);
      figures[`${name} cold import ms`] = cold.wallMs;
      figures[`${name} cold import CPU ms`] = cold.cpuMs;
      largest = Math.max(largest, js);
      slowest = Math.max(slowest, cold.wallMs);
    }
    figures['largest bundle KB (target < 1,024)'] = Math.round(largest / 1024);
    figures['slowest cold import ms (target < 150)'] = slowest;
    return figures;
  } finally {
    if (!cdkOut) rmSync(outdir, { recursive: true, force: true });
  }
}

// The stack as bin/app.ts builds it, with cdk.json's context as the CLI would pass it.
function synthesize(outdir: string): void {
  const { context } = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ outdir, context });
  new HeraldStack(app, 'Herald');
  app.synth();
}

// "NewsletterSendFunction3C0863B1" → "NewsletterSendFunction": the hash CDK appends says nothing to a reader.
function functionName(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

/**
 * The function's environment with deploy-time references (bucket names,
 * queue URLs, the site's domain) replaced by values of the same shape, so its
 * config validates and init runs as it does in Lambda.
 */
function environmentOf(variables: Record<string, unknown>): NodeJS.ProcessEnv {
  // Lambda runs Node 24, where the SDK has no Node-version warning to print; here it would cost a few ms.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', NODE_PATH: join(ROOT, 'node_modules'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const [key, value] of Object.entries(variables)) {
    env[key] = typeof value === 'string' ? value : key.endsWith('_URL') ? `https://${key.toLowerCase().replace(/_/g, '-')}.example.com/` : `placeholder-${key.toLowerCase()}`;
  }
  return env;
}

/**
 * Median of fresh processes, each timing one require of the bundle (module
 * load plus init), as Lambda's cold start does. The CPU time beside the wall
 * time shows what other load on the machine added to the wall time.
 */
function coldImport(file: string, env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); require(${JSON.stringify(file)});
const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([performance.now() - t, (u.user + u.system) / 1000]));`;
  const runs = Array.from({ length: RUNS }, () => {
    const run = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as [number, number];
  });
  return { wallMs: median(runs.map((r) => r[0])), cpuMs: median(runs.map((r) => r[1])) };
}

function median(values: readonly number[]): number {
  return Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
}
