import { ConfigError } from '../lambdas/config/errors';
import { consoleOutput, type Output } from './output';
import { UsageError } from './usageError';

type Command = (args: readonly string[], out: Output) => Promise<number>;

// Each command is loaded when it runs: `herald build` should not pay for the
// emulators and AWS clients that `dev` and the mail commands load (about a second).
const COMMANDS: Readonly<Record<string, () => Command>> = {
  build: () => (require('./buildCommand') as typeof import('./buildCommand')).buildCommand,
  campaigns: () => (require('./campaignsCommand') as typeof import('./campaignsCommand')).campaignsCommand,
  dev: () => (require('./devCommand') as typeof import('./devCommand')).devCommand,
  digest: () => (require('./digestCommand') as typeof import('./digestCommand')).digestCommand,
  preview: () => (require('./previewCommand') as typeof import('./previewCommand')).previewCommand,
  publish: () => (require('./publishCommand') as typeof import('./publishCommand')).publishCommand,
  reconcile: () => (require('./reconcileCommand') as typeof import('./reconcileCommand')).reconcileCommand,
  subscribers: () => (require('./subscribersCommand') as typeof import('./subscribersCommand')).subscribersCommand,
};

const HELP = `Usage: herald <command> [options]

Commands:
  build        render content/ into feeds and pages (herald build --help)
  dev          run the whole pipeline locally with emulators (herald dev --help)
  publish      sync content/ to the content bucket (herald publish --help)
  reconcile    re-drive what lost events left behind, or list it with --dry-run (herald reconcile --help)
  preview      write an article's newsletter as .html and .eml, or send a test (herald preview --help)
  campaigns    list newsletters, or show who was sent one and who was not (herald campaigns --help)
  digest       when the next weekly digest goes out, or send it now (herald digest --help)
  subscribers  list, count, export, import or remove subscribers (herald subscribers --help)

Settings are read from the "context" of cdk.json.`;

/**
 * The `herald` command line. Returns the exit code: 0 success, 1 content
 * rejected, 2 the command itself could not run (bad flag, missing folder, bad config).
 */
export async function main(argv: readonly string[], out: Output = consoleOutput): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.info(HELP);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    out.error(`herald: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await load()(args, out);
  } catch (error) {
    // Only the user's mistakes are expected here; print them plainly, never a stack trace.
    if (error instanceof UsageError || error instanceof ConfigError || isParseArgsError(error)) {
      out.error(`herald ${name}: ${(error as Error).message}\nRun "herald ${name} --help" for the options.`);
      return 2;
    }
    out.error(`herald ${name}: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

// node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags.
function isParseArgsError(error: unknown): boolean {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
