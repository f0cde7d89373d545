import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HeraldStack } from '../../lib/heraldStack';

/** A synthesized Herald stack, its template and cdk-nag's findings. */
export interface BuiltStack {
  readonly template: Template;
  /** Unacknowledged cdk-nag findings as "rule at construct path". */
  readonly nagFindings: readonly string[];
  /** The cloud assembly's folder: the template and each function's bundled asset. */
  readonly assemblyDirectory: string;
}

interface ValidationReport {
  pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

const cache = new Map<string, BuiltStack>();

/**
 * The feature flags of cdk.json (keys starting with `@`), which `cdk synth`
 * applies: the tests synthesize what a deploy synthesizes.
 */
export function cdkJsonFeatureFlags(): Record<string, unknown> {
  const { context } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return Object.fromEntries(Object.entries(context).filter(([key]) => key.startsWith('@')));
}

/**
 * Synthesizes the stack once per context (bundling the functions takes a
 * moment) with the AwsSolutions pack, the way `cdk synth` does.
 */
export function buildHeraldStack(context: Record<string, unknown> = {}): BuiltStack {
  const cacheKey = JSON.stringify(context);
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  // Synth must not fail on findings here: the test reads them and names them.
  const app = new App({ context: { ...cdkJsonFeatureFlags(), ...context, '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new HeraldStack(app, 'Herald', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  const nagFindings = report.pluginReports.flatMap((p) => p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)));
  const built = { template: Template.fromStack(stack), nagFindings, assemblyDirectory: assembly.directory };
  cache.set(cacheKey, built);
  return built;
}
