import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { functionRole } from './functionRole';

/** What differs between Herald's functions; everything else is the house standard. */
export interface HeraldFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'role' | 'logGroup'> {
  /** Folder under lambdas/functions/ whose handler.ts is the entry point. */
  readonly handler: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /**
   * Files copied beside the handler in the bundle: name in the bundle → absolute source path.
   * @default none
   */
  readonly bundledFiles?: Readonly<Record<string, string>>;
}

/**
 * A Herald Lambda: Node.js 24 on arm64, bundled by esbuild (minified, names
 * kept for stack traces), JSON logs into its own log group kept for a month,
 * and a role that may write only that log group until the caller grants more.
 */
export function heraldFunction(scope: Construct, id: string, props: HeraldFunctionProps): NodejsFunction {
  const { handler, environment, bundledFiles = {}, ...rest } = props;
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  return new NodejsFunction(scope, id, {
    entry: path.join(__dirname, '..', '..', 'lambdas', 'functions', handler, 'handler.ts'),
    role: functionRole(scope, `${id}Role`, logGroup),
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    systemLogLevelV2: SystemLogLevel.WARN,
    logGroup,
    // The target is the runtime's version, so esbuild lowers no syntax Node 24 runs natively.
    // No source maps: Node's --enable-source-maps parses the whole map at load, about 9 ms
    // of cold start on the largest bundle, and doubles the asset. Kept names instead make
    // a stack trace read `Sender.handle`, and each module is named after its main export
    // (docs/performance.md weighs the choice).
    bundling: {
      minify: true,
      keepNames: true,
      sourceMap: false,
      format: OutputFormat.CJS,
      target: 'node24',
      ...(Object.keys(bundledFiles).length > 0 && {
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => Object.entries(bundledFiles).map(([name, source]) => `cp "${source}" "${path.join(output, name)}"`),
        },
      }),
    },
    environment,
    ...rest,
  });
}
