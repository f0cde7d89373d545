import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

/**
 * The house rules of the layout (issue #10, STYLE.md "Where things live"):
 * domain folders make no AWS calls and never reach up into the functions;
 * nothing that runs in Lambda depends on the CLI or the local stack.
 */
const ROOT = resolve(__dirname, '..', '..');
const DOMAIN_FOLDERS = ['config', 'content', 'site', 'publish', 'subscriptions', 'newsletter', 'websub'];

interface Rule {
  readonly name: string;
  readonly applies: (file: string) => boolean;
  /** True when `specifier` (resolved to a repository path when relative) is forbidden. */
  readonly forbids: (specifier: string, target: string | undefined) => boolean;
}

const RULES: readonly Rule[] = [
  {
    name: 'domain code imports no AWS SDK, Lambda types, adapters or functions',
    applies: (file) => DOMAIN_FOLDERS.some((folder) => file.startsWith(`lambdas/${folder}/`)),
    forbids: (specifier, target) =>
      specifier.startsWith('@aws-sdk/') || specifier === 'aws-lambda' || specifier.startsWith('@aws-lambda-powertools/')
      || (target !== undefined && (target.startsWith('lambdas/functions/') || target.startsWith('lambdas/adapters/'))),
  },
  {
    name: 'adapters never import a function',
    applies: (file) => file.startsWith('lambdas/adapters/'),
    forbids: (_specifier, target) => target !== undefined && target.startsWith('lambdas/functions/'),
  },
  {
    name: 'nothing under lambdas/ imports the CLI or the local stack',
    applies: (file) => file.startsWith('lambdas/'),
    forbids: (_specifier, target) => target !== undefined && (target.startsWith('cli/') || target.startsWith('bin/')),
  },
];

/** Every import of one source file that breaks a rule, as `file: specifier (rule)`. */
function violations(file: string, source: string): string[] {
  const found: string[] = [];
  for (const { fileName: specifier } of preProcessFile(source, true, true).importedFiles) {
    const target = specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep).join('/') : undefined;
    for (const rule of RULES) {
      if (rule.applies(file) && rule.forbids(specifier, target)) found.push(`${file}: ${specifier} (${rule.name})`);
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('layering', () => {
  it('holds for every file under lambdas/', () => {
    // Prepare
    const files = sourceFiles('lambdas');

    // Act
    const broken = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), 'utf8')));

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });

  it('has one folder per function under lambdas/functions/, each with a handler', () => {
    const functions = readdirSync(join(ROOT, 'lambdas', 'functions')).sort();
    expect(functions).toEqual(['api', 'guard', 'invite', 'notify', 'publish', 'rebuild', 'send', 'suppress', 'websub']);
    for (const name of functions) expect(readdirSync(join(ROOT, 'lambdas', 'functions', name))).toContain('handler.ts');
  });

  it.each([
    ['lambdas/site/x.ts', "import { S3Client } from '@aws-sdk/client-s3';"],
    ['lambdas/publish/x.ts', "import type { SQSEvent } from 'aws-lambda';"],
    ['lambdas/publish/x.ts', "import { createPublishHandler } from '../functions/publish/createPublishHandler';"],
    ['lambdas/newsletter/x.ts', "import { DynamoCampaignStore } from '../adapters/dynamoCampaignStore';"],
    ['lambdas/adapters/x.ts', "import { publishConfigFrom } from '../functions/publish/config';"],
    ['lambdas/functions/api/x.ts', "import { LOCAL_NAMES } from '../../../cli/local/localPorts';"],
    ['lambdas/content/x.ts', "export { readContentTree } from '../../cli/readContentTree';"],
  ])('catches %s importing what it must not: %s', (file, source) => {
    expect(violations(file, source)).toHaveLength(1);
  });

  it.each([
    ['lambdas/functions/publish/x.ts', "import { S3Client } from '@aws-sdk/client-s3';"],
    ['lambdas/publish/x.ts', "import { parseArticle } from '../content/parseArticle';"],
    ['cli/local/x.ts', "import { createPublishHandler } from '../../lambdas/functions/publish/createPublishHandler';"],
  ])('lets %s import what it may: %s', (file, source) => {
    expect(violations(file, source)).toEqual([]);
  });
});
