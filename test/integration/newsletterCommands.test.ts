import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localUrl } from '../../cli/local/localPorts';
import { pauseOnAlarm } from '../../lambdas/newsletter/sendingGuard';
import { subscriberId } from '../../lambdas/subscriptions/subscriberId';
import { runHerald } from '../helpers/captureOutput';
import { article, startHarness, type Harness } from '../helpers/emulatorHarness';
import { NewsletterRig, type StoredMail } from '../helpers/newsletterHarness';
import { tempDir } from '../helpers/tempDir';
import { testPort } from '../helpers/testPort';

jest.setTimeout(30_000);

const PORT = testPort(14_890);

describe('herald campaigns and herald preview', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(PORT);
  });
  afterAll(async () => harness.stop());

  it('lists campaigns and reports who was not sent one, and why', async () => {
    // Prepare
    const rig = await new NewsletterRig(harness, PORT + 2).setUp();
    const [leaver] = await rig.seed(3);
    await rig.notifier().handle(await rig.publish('report-me', article('Report Me', '2026-06-01T09:00:00Z')));
    await rig.notifier().handle(await rig.publish('too-old', article('Too Old', '2026-01-01T09:00:00Z')));
    await rig.subscribers.transition(subscriberId(leaver!), ['confirmed'], 'unsubscribed', '2026-06-01T12:00:00Z');
    await rig.deliver();
    const target = ['--table', rig.names.campaigns, '--endpoint', localUrl(PORT + 1)];

    // Act
    const list = await runHerald('campaigns', 'list', ...target);
    const show = await runHerald('campaigns', 'show', 'report-me', ...target);
    const all = await runHerald('campaigns', 'show', 'report-me', '--all', ...target);
    const skipped = await runHerald('campaigns', 'show', 'too-old', ...target);
    const missing = await runHerald('campaigns', 'show', 'nope', ...target);

    // Assess
    expect(list.code).toBe(0);
    expect(list.out.stdout.join('\n').split('\n')[0]).toMatch(/^ID\s+STATE\s+STARTED\s+RECIPIENTS\s+SENT\s+FAILED\s+SUPPRESSED\s+UNKNOWN\s+TITLE$/);
    expect(list.out.stdout.join('\n')).toMatch(/report-me\s+done\s+2026-06-01 12:00\s+3\s+2\s+0\s+1\s+0\s+Report Me/);
    expect(list.out.stdout.join('\n')).toMatch(/too-old\s+skipped/);
    expect(show.code).toBe(0);
    expect(show.out.stdout).toContain('  sent 2 · failed 0 · suppressed 1 · unknown 0');
    expect(show.out.stdout.join('\n')).toMatch(new RegExp(`${leaver}\\s+suppressed\\s+0\\s+\\S+ \\S+\\s+unsubscribed`));
    expect(show.out.stdout.join('\n')).not.toContain('reader1@');
    expect(all.out.stdout.join('\n')).toMatch(/reader1@\S+\s+sent\s+1/);
    expect(skipped.out.stdout.join('\n')).toContain('skipped: the article was dated further back than the notify window');
    expect(skipped.out.stdout.join('\n')).toContain('Nobody was sent this newsletter: the article was dated further back than the notify window');
    expect(skipped.out.stdout.join('\n')).not.toContain('Every recipient was sent');
    expect(missing.code).toBe(1);
    expect(missing.out.stderr[0]).toContain('No newsletter "nope"');
  });

  it('reports a week\'s digest like any newsletter, and says why an empty week had none', async () => {
    // Prepare: a weekly reader, a week with an article and a week without
    const rig = await new NewsletterRig(harness, PORT + 2).setUp();
    await rig.seed(2, 'confirmed', 'weekly', { cadence: 'weekly' });
    await rig.notifier().handle(await rig.publish('in-the-digest', article('In The Digest', '2026-06-01T09:00:00Z')));
    await rig.notifier().digest(new Date('2026-06-08T08:00:00Z'));
    await rig.notifier().digest(new Date('2026-06-15T08:00:00Z'));
    await rig.deliver();
    const target = ['--table', rig.names.campaigns, '--endpoint', localUrl(PORT + 1)];

    // Act
    const list = await runHerald('campaigns', 'list', ...target);
    const show = await runHerald('campaigns', 'show', 'digest/2026-W24', '--all', ...target);
    const empty = await runHerald('campaigns', 'show', 'digest/2026-W25', ...target);

    // Assess
    expect(list.out.stdout.join('\n')).toMatch(/digest\/2026-W24\s+done\s+\S+ \S+\s+2\s+2\s+0\s+0\s+0\s+Weekly digest 2026-W24: 1 article/);
    expect(show.out.stdout).toContain('  sent 2 · failed 0 · suppressed 0 · unknown 0');
    expect(show.out.stdout.join('\n')).toMatch(/weekly0@\S+\s+sent\s+1/);
    expect(empty.out.stdout.join('\n')).toContain('skipped: nothing new was published that week, so no digest went out');
  });

  it('pauses sending on a reputation alarm, keeps the batches, says so in the report, and resumes on the operator\'s word', async () => {
    // Prepare
    const rig = await new NewsletterRig(harness, PORT + 2).setUp();
    await rig.seed(2);
    const switched: boolean[] = [];
    const target = ['--table', rig.names.campaigns, '--endpoint', localUrl(PORT + 1)];
    await rig.notifier().handle(await rig.publish('held-back', article('Held Back', '2026-06-01T09:00:00Z')));

    // Act
    const paused = await pauseOnAlarm({ AlarmName: 'Herald-BounceRate', NewStateValue: 'ALARM', NewStateReason: 'Threshold Crossed: 1 datapoint [0.05] was greater than the threshold (0.04).' }, { campaigns: rig.campaigns, sending: { setEnabled: async (on) => void switched.push(on) } }, new Date('2026-06-01T12:30:00Z'));
    const outcome = await rig.sender().handle(JSON.parse(rig.queue.messages[0]!.body));
    const report = await runHerald('campaigns', 'show', 'held-back', ...target);
    const mailsWhilePaused = (await rig.mailbox()).length;
    const resumed = await runHerald('campaigns', 'resume', ...target);
    await rig.deliver();

    // Assess
    expect(paused).toBe(true);
    expect(switched).toEqual([false]);
    expect(outcome).toEqual({ settled: false, reason: expect.stringContaining('sending is paused since 2026-06-01T12:30:00.000Z (Herald-BounceRate: Threshold Crossed') });
    expect(report.out.stdout[0]).toContain('Sending is PAUSED since 2026-06-01T12:30:00.000Z: Herald-BounceRate');
    expect(mailsWhilePaused).toBe(0);
    expect(resumed.code).toBe(0);
    expect(await rig.campaigns.sendingPause()).toBeUndefined();
    expect((await rig.mailbox()).length).toBe(2);
  });

  it('erases a removed subscriber from the newsletter reports too', async () => {
    // Prepare
    const rig = await new NewsletterRig(harness, PORT + 2).setUp();
    const [forgotten] = await rig.seed(2);
    await rig.notifier().handle(await rig.publish('remember-me', article('Remember Me', '2026-06-01T09:00:00Z')));
    await rig.deliver();

    // Act
    const { code, out } = await runHerald('subscribers', 'remove', forgotten!, '--table', rig.names.subscribers, '--endpoint', localUrl(PORT + 1), '--campaigns-table', rig.names.campaigns);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toEqual([`removed ${forgotten} and from 1 newsletter report`]);
    const left: string[] = [];
    for await (const d of rig.campaigns.listDeliveries('remember-me')) left.push(d.email);
    expect(left).toEqual([`reader1@${rig.domain}`]);
  });

  it('ignores an alarm returning to OK', async () => {
    // Prepare
    const rig = await new NewsletterRig(harness, PORT + 2).setUp();

    // Act
    const paused = await pauseOnAlarm({ AlarmName: 'Herald-BounceRate', NewStateValue: 'OK', NewStateReason: 'back to normal' }, { campaigns: rig.campaigns, sending: { setEnabled: async () => { throw new Error('must not be called'); } } }, new Date());

    // Assess
    expect(paused).toBe(false);
    expect(await rig.campaigns.sendingPause()).toBeUndefined();
  });

  it('writes the newsletter of an article as HTML and .eml, and sends a test through SES', async () => {
    // Prepare
    const dir = tempDir();
    const file = dir.write('content/posts/preview-me.md', article('Preview {{Me}}', '2026-06-01T09:00:00Z', 'summary: A look ahead.\n'));
    const config = dir.write('cdk.json', JSON.stringify({ context: { siteTitle: 'Preview Site', siteUrl: 'https://preview.example.com/', senderAddress: 'letters@example.com', newsletterSubjectPrefix: '[P] ' } }));

    // Act
    const { code, out } = await runHerald('preview', file, '--out', join(dir.path, 'out'), '--config', config, '--to', 'Tester@Example.com', '--endpoint', localUrl(PORT + 2));

    // Assess
    expect(out.stderr).toEqual([]);
    expect(code).toBe(0);
    const html = readFileSync(join(dir.path, 'out', 'preview-me.html'), 'utf8');
    const eml = readFileSync(join(dir.path, 'out', 'preview-me.eml'), 'utf8');
    expect(html).toContain('https://preview.example.com/api/unsubscribe?token=preview');
    // The reader gets the author's braces and nothing else: no zero-width space, no template variable.
    expect(eml).toMatch(/^Subject: \[P\] Preview \{\{Me\}\}\r?$/m);
    expect(eml).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(eml).toContain('Content-Type: multipart/alternative');
    expect(out.stdout[1]).toMatch(/^sent a test to Tester@example\.com \(SES message \S+\)$/);
    const store = (await (await fetch(`${localUrl(PORT + 2)}/store`)).json()) as { emails: StoredMail[] };
    const sent = store.emails.find((m) => m.destination.to.includes('Tester@example.com'))!;
    expect(sent.subject).toBe('[P] Preview {{Me}}');
    expect(sent.from).toBe('"Preview Site" <letters@example.com>');
    dir.remove();
  });

  it('previews a page bundle with its images where the site publishes them, each bundle in its own files', async () => {
    // Prepare
    const dir = tempDir();
    const bundle = (name: string) => dir.write(`content/posts/${name}/index.md`, `---\ntitle: ${name}\ndate: 2026-06-01T09:00:00Z\nfeaturedImage: cover.png\n---\nSee ![the chart](chart.png).\n`);
    const first = bundle('first-bundle');
    const second = bundle('second-bundle');
    const out = join(dir.path, 'out');
    const config = dir.write('cdk.json', JSON.stringify({ context: { siteUrl: 'https://preview.example.com/' } }));

    // Act
    const one = await runHerald('preview', first, '--out', out, '--content', join(dir.path, 'content'), '--config', config);
    const two = await runHerald('preview', second, '--out', out, '--content', join(dir.path, 'content'), '--config', config);

    // Assess
    expect([one.code, two.code]).toEqual([0, 0]);
    const html = readFileSync(join(out, 'first-bundle.html'), 'utf8');
    expect(html).toContain('src="https://preview.example.com/posts/first-bundle/chart.png"');
    expect(html).toContain('src="https://preview.example.com/posts/first-bundle/cover.png"');
    expect(html).toContain('href="https://preview.example.com/posts/first-bundle/"');
    expect(html).not.toContain('/posts/./');
    expect(readFileSync(join(out, 'second-bundle.eml'), 'utf8')).toContain('Subject: second-bundle');
    dir.remove();
  });

  it('sends a preview to the local stack on HERALD_SES_PORT, with links to its site on HERALD_PORT', async () => {
    // Prepare
    const dir = tempDir();
    const file = dir.write('content/posts/port-test.md', article('Port Test', '2026-06-01T09:00:00Z'));
    process.env.HERALD_SES_PORT = String(PORT + 2);
    process.env.HERALD_PORT = '3999';

    // Act
    const { code } = await runHerald('preview', file, '--out', join(dir.path, 'out'), '--config', join(dir.path, 'none.json'), '--to', 'ports@example.com')
      .finally(() => {
        delete process.env.HERALD_SES_PORT;
        delete process.env.HERALD_PORT;
      });

    // Assess
    expect(code).toBe(0);
    const store = (await (await fetch(`${localUrl(PORT + 2)}/store`)).json()) as { emails: StoredMail[] };
    const sent = store.emails.find((m) => m.destination.to.includes('ports@example.com'))!;
    expect(sent.subject).toBe('Port Test');
    expect(sent.body.text).toContain('http://127.0.0.1:3999/posts/port-test/');
    dir.remove();
  });

  it('names the file, line and field of an article that cannot be previewed', async () => {
    // Prepare
    const dir = tempDir();
    const file = dir.write('broken.md', '---\ntitle: Broken\npublishDate: 2026-02-30\n---\nBody\n');

    // Act
    const { code, out } = await runHerald('preview', file, '--out', join(dir.path, 'out'), '--config', join(dir.path, 'none.json'));

    // Assess
    expect(code).toBe(1);
    expect(out.stderr.join('\n')).toMatch(/broken\.md:3: field "publishDate": "2026-02-30" names a day that does not exist/);
    dir.remove();
  });
});
