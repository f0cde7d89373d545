import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { load } from 'js-yaml';

interface Workflow {
  jobs: Record<string, { 'timeout-minutes'?: number; steps: { uses?: string; run?: string }[] }>;
}

/**
 * The publish workflow, read as GitHub reads it. GitHub Docs, "Security
 * hardening for GitHub Actions": pinning an action to a full-length commit
 * SHA is the only way to use it as an immutable release; "Workflow syntax":
 * a job without `timeout-minutes` may run for 360 minutes.
 */
describe('.github/workflows/publish.yml', () => {
  const workflow = load(readFileSync(join(__dirname, '..', '..', '.github', 'workflows', 'publish.yml'), 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('pins every action to a full commit SHA', () => {
    // Act
    const uses = steps.flatMap((step) => (step.uses ? [step.uses] : []));

    // Assess
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it('bounds every job\'s time', () => {
    // Act & Assess
    for (const job of Object.values(workflow.jobs)) expect(job['timeout-minutes']).toBeLessThanOrEqual(30);
  });

  it('installs only the runtime dependencies the herald commands need', () => {
    // Act
    const installs = steps.flatMap((step) => (step.run?.includes('npm ci') ? [step.run] : []));

    // Assess: tsx, which runs the CLI, is a dependency; the dev command loads its emulators only when run
    expect(installs).toEqual(['npm ci --omit=dev']);
    expect(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).toMatch(/"dependencies": \{[^}]*"tsx"/);
  });
});

describe('the herald CLI without development dependencies', () => {
  it('reaches only runtime dependencies from every command but dev', async () => {
    // Prepare
    const { build } = await import('esbuild');
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

    // Act: what `herald build`, `publish`, `preview`, `subscribers` and `campaigns` load (dev loads its own on demand)
    const result = await build({
      entryPoints: [join(__dirname, '..', '..', 'cli', 'main.ts')], bundle: true, write: false, platform: 'node', metafile: true, packages: 'external', logLevel: 'silent',
      plugins: [{ name: 'lazy-dev', setup: (b) => b.onResolve({ filter: /^\.\/devCommand$/ }, (args) => ({ path: args.path, external: true })) }],
    });
    const packages = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports).filter((i) => i.external && !i.path.startsWith('node:') && !i.path.startsWith('.')).map((i) => i.path.split('/').slice(0, i.path.startsWith('@') ? 2 : 1).join('/')));

    // Assess
    expect([...packages].filter((name) => !(name in pkg.dependencies) && !builtinModules.includes(name))).toEqual([]);
  });
});
