import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../../lambdas/adapters/s3Client';
import { LOCAL_NAMES } from '../../cli/local/localPorts';
import { startLocalStack, type LocalStack } from '../../cli/local/startLocalStack';
import { main } from '../../cli/main';
import { captureOutput } from '../helpers/captureOutput';
import { article } from '../helpers/emulatorHarness';
import { tempDir } from '../helpers/tempDir';
import { testStackPorts } from '../helpers/testPort';

jest.setTimeout(30_000);

const PORTS = testStackPorts(13_410);

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
  headers?: { name: string; value: string }[];
}

describe('newsletter on the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: PORTS, siteContext: { siteTitle: 'Local Letters', senderAddress: 'letters@example.com' } });
  });
  afterAll(async () => stack.stop());

  const api = (path: string, init?: RequestInit) => fetch(`${stack.urls.site}api/${path}`, init);
  const form = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const mailbox = async () => ((await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] }).emails;
  const newsletters = async (subject: string) => (await mailbox()).filter((m) => m.subject === subject);
  const upload = (key: string, body: string) => s3Client(stack.urls.s3).send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: key, Body: body }));
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  async function subscribe(address: string): Promise<void> {
    await api('subscribe', form(`email=${encodeURIComponent(address)}&website=`));
    await stack.idle(); // the confirmation mail goes out off the request path
    const confirmation = (await mailbox()).find((m) => m.destination.to.includes(address) && m.body.text.includes('/api/confirm?token='))!;
    const link = /http:\/\/\S+\/api\/confirm\?token=\S+/.exec(confirmation.body.text)![0];
    expect((await fetch(link, { method: 'POST' })).status).toBe(200); // the confirmation page's button
  }

  it('mails a new article to each confirmed reader, and its one-click header unsubscribes them', async () => {
    // Prepare
    await subscribe('ada@example.com');
    await subscribe('grace@example.com');
    await api('subscribe', form('email=pending%40example.com&website=')); // never confirms

    // Act
    await upload('posts/fresh.md', article('Fresh Ink', now()));
    await stack.idle();

    // Assess
    const mails = await newsletters('Fresh Ink');
    expect(mails.map((m) => m.destination.to[0]).sort()).toEqual(['ada@example.com', 'grace@example.com']);
    const ada = mails.find((m) => m.destination.to.includes('ada@example.com'))!;
    const unsubscribe = ada.headers!.find((h) => h.name === 'List-Unsubscribe')!.value.slice(1, -1);
    expect(ada.headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
    expect(ada.body.text).toContain(unsubscribe);

    // Act: the mail client's one-click unsubscribe (RFC 8058), then the next article
    const oneClick = await fetch(unsubscribe, form('List-Unsubscribe=One-Click'));
    await upload('posts/next.md', article('Next Ink', now()));
    await stack.idle();

    // Assess
    expect(oneClick.status).toBe(200);
    expect((await newsletters('Next Ink')).map((m) => m.destination.to[0])).toEqual(['grace@example.com']);
  });

  it('mails nobody for an edit of an announced article or for an old one', async () => {
    // Prepare
    await upload('posts/edit-me.md', article('Edit Me', now()));
    await stack.idle();
    const before = (await mailbox()).length;

    // Act
    await upload('posts/edit-me.md', article('Edit Me', now(), 'summary: edited\n'));
    await upload('posts/archive.md', article('From The Archive', '2020-01-01T00:00:00Z'));
    await stack.idle();

    // Assess
    expect((await mailbox()).length).toBe(before);
    expect((await fetch(`${stack.urls.site}posts/archive/`)).status).toBe(200);
  });
});

describe('the weekly digest on the local stack', () => {
  const state = tempDir();
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ ports: testStackPorts(13_740), stateDir: state.path, siteContext: { siteTitle: 'Local Letters', senderAddress: 'letters@example.com' } });
  });
  afterAll(async () => {
    await stack.stop();
    state.remove();
  });

  // The SES emulator's mailbox is one per process: this reader's mails only.
  const mailbox = async () => ((await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] }).emails.filter((m) => m.destination.to.includes('weekly@example.com'));
  const upload = (key: string, body: string) => s3Client(stack.urls.s3).send(new PutObjectCommand({ Bucket: LOCAL_NAMES.contentBucket, Key: key, Body: body }));

  it('mails a weekly reader nothing when an article comes out, and the digest when "herald digest --now" asks for it', async () => {
    // Prepare: a reader who chose the weekly digest from the subscribe form
    await fetch(`${stack.urls.site}api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=weekly%40example.com&cadence=weekly' });
    await stack.idle();
    const confirmation = (await mailbox()).find((m) => m.body.text.includes('/api/confirm?token='))!;
    await fetch(/http:\/\/\S+\/api\/confirm\?token=\S+/.exec(confirmation.body.text)![0], { method: 'POST' });
    await upload('posts/weekly.md', article('Worth The Wait', new Date().toISOString()));
    await stack.idle();
    const before = (await mailbox()).map((m) => m.subject);

    // Act: the command drops the request into the running stack's queue folder, which it picks up within a second
    const out = captureOutput();
    const code = await main(['digest', '--now', '--state', state.path], out);
    let digest: StoredMail | undefined;
    for (let i = 0; i < 50 && !digest; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await stack.idle();
      digest = (await mailbox()).find((m) => m.subject === 'This week at Local Letters');
    }

    // Assess
    expect(code).toBe(0);
    expect(out.stdout.join('\n')).toMatch(/Queued for herald dev .*: digest\/\d{4}-W\d{2}, to every weekly reader/);
    expect(before).toEqual(['Confirm your subscription to Local Letters', 'Welcome to Local Letters']);
    expect(digest?.destination.to).toEqual(['weekly@example.com']);
    expect(digest?.body.text).toContain('\nWorth The Wait\n');
  });
});

