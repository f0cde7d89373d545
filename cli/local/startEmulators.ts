import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import startSes from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { LOCAL_HOST, type LocalPorts } from './localPorts';
import { startS3Front } from './startS3Front';

/** The running emulators. */
export interface Emulators {
  /** S3 event notifications of every bucket, in the real S3 event format. */
  readonly s3Events: EventEmitter;
  stop(): Promise<void>;
}

/** A port that another process holds; the message says which and how to move. */
export class PortInUseError extends Error {
  constructor(readonly service: string, readonly port: number, options?: ErrorOptions) {
    super(`${service} cannot listen on ${LOCAL_HOST}:${port}: the port is in use. Stop whatever holds it or choose another port (herald dev --help).`, options);
    this.name = new.target.name;
  }
}

/**
 * Starts s3rver, dynalite and aws-ses-v2-local on loopback. With `stateDir`,
 * S3 objects and DynamoDB tables persist there across restarts; without it
 * they live in memory (tests). `ses: false` leaves SES to an emulator that
 * is already running.
 */
export async function startEmulators(ports: Omit<LocalPorts, 'site'>, stateDir?: string, which: { ses?: boolean } = {}): Promise<Emulators> {
  const started: (() => Promise<void>)[] = [];
  try {
    if (stateDir) mkdirSync(join(stateDir, 's3'), { recursive: true });
    // s3rver listens on a free port behind the front that clients see (see startS3Front for why).
    const s3 = new S3rver({ address: LOCAL_HOST, port: 0, silent: true, directory: stateDir ? join(stateDir, 's3') : tempS3Dir(), resetOnClose: !stateDir });
    const front = await listenOrExplain('S3 (s3rver)', ports.s3, async () => {
      const { port } = await s3.run();
      started.push(() => s3.close());
      return startS3Front(ports.s3, port);
    });
    started.push(() => closeServer(front));

    const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(stateDir && { path: join(stateDir, 'dynamodb') }) });
    await listenOrExplain('DynamoDB (dynalite)', ports.dynamodb, () => new Promise<void>((resolve, reject) => {
      dynamo.once('error', reject);
      dynamo.listen(ports.dynamodb, LOCAL_HOST, () => resolve());
    }));
    started.push(() => closeServer(dynamo));

    if (which.ses !== false) {
      const ses = await listenOrExplain('SES (aws-ses-v2-local)', ports.ses, () => startSes({ host: LOCAL_HOST, port: ports.ses }));
      started.push(() => closeServer(ses));
    }

    return { s3Events: s3 as unknown as EventEmitter, stop: () => stopAll(started) };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function listenOrExplain<T>(service: string, port: number, listen: () => Promise<T>): Promise<T> {
  // s3rver never settles its run() promise when the port is taken, so look before leaping.
  await ensurePortFree(service, port);
  try {
    return await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(service, port, { cause: error });
    throw error;
  }
}

function ensurePortFree(service: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(service, port, { cause: error }) : error));
    probe.listen(port, LOCAL_HOST, () => probe.close(() => resolve()));
  });
}

function closeServer(server: Pick<Server, 'close'>): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function stopAll(stops: readonly (() => Promise<void>)[]): Promise<void> {
  for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
}

function tempS3Dir(): string {
  const dir = join(tmpdir(), `herald-s3-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
