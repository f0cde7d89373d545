import { UsageError } from '../usageError';

/** Ports and names of the local stack (DESIGN.md contract); each overridable by flag or environment. */
export interface LocalPorts {
  readonly site: number;
  readonly s3: number;
  readonly dynamodb: number;
  readonly ses: number;
}

export const DEFAULT_PORTS: LocalPorts = { site: 3000, s3: 4569, dynamodb: 4567, ses: 8005 };

/** Bucket and table names of the local stack. */
export const LOCAL_NAMES = {
  contentBucket: 'herald-content',
  siteBucket: 'herald-site',
  entriesBucket: 'herald-entries',
  articlesTable: 'herald-articles',
  subscribersTable: 'herald-subscribers',
  campaignsTable: 'herald-campaigns',
} as const;

/** Loopback only: the emulators accept any credentials, so they must not be reachable from elsewhere. */
export const LOCAL_HOST = '127.0.0.1';

/** `http://127.0.0.1:<port>` */
export function localUrl(port: number): string {
  return `http://${LOCAL_HOST}:${port}`;
}

/** The environment variable that moves each port (DESIGN.md contract). */
export const PORT_VARIABLES: Readonly<Record<keyof LocalPorts, string>> = {
  site: 'HERALD_PORT',
  s3: 'HERALD_S3_PORT',
  dynamodb: 'HERALD_DYNAMODB_PORT',
  ses: 'HERALD_SES_PORT',
};

/**
 * A port number from a flag or variable.
 *
 * @throws UsageError naming `source` when the value is not a port.
 */
export function parsePort(value: string, source: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${source} must be a port number, got "${value}"`);
  return n;
}

/**
 * The local stack's ports as every command finds them: HERALD_PORT,
 * HERALD_S3_PORT, HERALD_DYNAMODB_PORT and HERALD_SES_PORT, else the defaults,
 * so `herald subscribers`, `campaigns` and `preview` talk to the stack that
 * `herald dev` started with the same variables.
 *
 * @throws UsageError naming the variable that is not a port.
 */
export function localPortsFromEnvironment(env: NodeJS.ProcessEnv = process.env): LocalPorts {
  const port = (name: keyof LocalPorts) => {
    const value = env[PORT_VARIABLES[name]];
    return value === undefined || value === '' ? DEFAULT_PORTS[name] : parsePort(value, PORT_VARIABLES[name]);
  };
  return { site: port('site'), s3: port('s3'), dynamodb: port('dynamodb'), ses: port('ses') };
}
