import { startEmulators } from '../cli/local/startEmulators';
import { startFakeSes } from './fakeSes';
import type { ServicesReply, ServicesRequest } from './remoteServices';

// The child side of remoteServices: the emulators and the SES stand-in, answering the parent's questions.
async function main(): Promise<void> {
  const [s3, dynamodb, ses] = JSON.parse(process.argv[2] ?? '[]') as number[];
  const emulators = await startEmulators({ s3: s3!, dynamodb: dynamodb!, ses: ses! });
  const fakeSes = await startFakeSes();
  const reply = (message: ServicesReply) => process.send!(message);
  process.on('message', (request: ServicesRequest) => {
    if (request === 'usage') {
      const { user, system } = process.cpuUsage();
      reply({ cpuMs: (user + system) / 1000, sesRecipients: fakeSes.recipients() });
    } else {
      void Promise.all([fakeSes.close(), emulators.stop()]).then(() => process.exit(0));
    }
  });
  // A parent that dies takes its services with it.
  process.on('disconnect', () => process.exit(0));
  reply({ sesEndpoint: fakeSes.endpoint });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
