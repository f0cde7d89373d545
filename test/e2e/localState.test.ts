import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearStore } from 'aws-ses-v2-local/dist/store';
import { startLocalStack } from '../../cli/local/startLocalStack';
import { UsageError } from '../../cli/usageError';
import { tempDir } from '../helpers/tempDir';
import { testStackPorts } from '../helpers/testPort';

jest.setTimeout(60_000);

const PORTS = testStackPorts(13_600);
const OTHER_PORTS = testStackPorts(13_610);

describe('the local stack\'s state folder', () => {
  it('keeps the mailbox across a restart, as it keeps buckets and tables', async () => {
    // Prepare
    const dir = tempDir();
    const first = await startLocalStack({ ports: PORTS, stateDir: dir.path, siteContext: { siteTitle: 'Kept' } });
    await fetch(`${first.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=kept%40example.com&website=' });
    await first.stop();
    clearStore(); // what a new process starts with

    // Act
    const second = await startLocalStack({ ports: PORTS, stateDir: dir.path, siteContext: { siteTitle: 'Kept' } });
    const { emails } = (await (await fetch(`${second.urls.ses}/store`)).json()) as { emails: { subject: string; destination: { to: string[] } }[] };
    await second.stop();
    dir.remove();

    // Assess
    expect(emails.map((m) => [m.destination.to[0], m.subject])).toEqual([['kept@example.com', 'Confirm your subscription to Kept']]);
  });

  it('refuses a second stack on the same folder with a message instead of a crash, and takes over a lock left by a dead process', async () => {
    // Prepare
    const dir = tempDir();
    writeFileSync(join(dir.path, 'herald-dev.pid'), '999999999'); // no such process
    const running = await startLocalStack({ ports: PORTS, stateDir: dir.path, siteContext: {} });

    // Act
    const second = startLocalStack({ ports: OTHER_PORTS, stateDir: dir.path, siteContext: {} });

    // Assess
    await expect(second).rejects.toThrow(UsageError);
    await expect(second).rejects.toThrow(`another "herald dev" (process ${process.pid}) is using ${dir.path}/. Stop it first, or give this one its own folder with --state DIR (and other ports).`);
    await running.stop();
    const again = await startLocalStack({ ports: PORTS, stateDir: dir.path, siteContext: {} });
    await again.stop();
    dir.remove();
  });
});
