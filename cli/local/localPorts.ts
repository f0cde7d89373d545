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
