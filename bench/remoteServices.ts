import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What the parent asks the services process. */
export type ServicesRequest = 'usage' | 'stop';
/** What the services process answers: its SES endpoint once, then its CPU so far and the recipients SES was given. */
export type ServicesReply = { readonly sesEndpoint: string } | { readonly cpuMs: number; readonly sesRecipients: number };

/** The emulators and the SES stand-in, running in a process of their own. */
export interface RemoteServices {
  readonly sesEndpoint: string;
  /** CPU milliseconds the services process has used so far, and the recipients the SES stand-in was given. */
  usage(): Promise<{ cpuMs: number; sesRecipients: number }>;
  stop(): Promise<void>;
}

/**
 * Starts s3rver, dynalite and the SES stand-in (bench/fakeSes.ts) in a child
 * process, so a benchmark's own process holds only Herald's code and the AWS
 * SDK, as a Lambda function does while DynamoDB and SES run elsewhere; the
 * child's CPU is measured apart.
 */
export async function startRemoteServices(ports: { s3: number; dynamodb: number; ses: number }): Promise<RemoteServices> {
  // The child runs under the same TypeScript loader as this process (tsx).
  const child: ChildProcess = fork(join(__dirname, 'servicesChild.ts'), [JSON.stringify([ports.s3, ports.dynamodb, ports.ses])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<ServicesReply>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`the services process exited (code ${code})`));
    child.once('exit', exited);
    child.once('message', (message: ServicesReply) => {
      child.off('exit', exited);
      resolve(message);
    });
  });
  const ready = await next();
  if (!('sesEndpoint' in ready)) throw new Error('the services process did not start');
  return {
    sesEndpoint: ready.sesEndpoint,
    usage: async () => {
      const answer = next();
      child.send('usage');
      const reply = await answer;
      if (!('cpuMs' in reply)) throw new Error('the services process answered out of turn');
      return reply;
    },
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
    }),
  };
}
