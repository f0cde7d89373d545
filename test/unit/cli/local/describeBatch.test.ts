import { describeBatch } from '../../../../cli/local/describeBatch';

const tick = JSON.stringify({ source: 'herald.schedule' });
const upload = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: 'posts/hello%20there.md' } } }] });

describe('describeBatch', () => {
  it('says nothing for a schedule tick that changed nothing', () => {
    // Act & Assess
    expect(describeBatch({ queue: 'content', bodies: [tick], failed: 0, ms: 4 }, [])).toBeUndefined();
  });

  it.each([
    ['a tick that failed', { queue: 'content', bodies: [tick], failed: 1, ms: 9 }, [], 'schedule tick: nothing changed in 9 ms, 1 failed (will retry)'],
    ['an upload', { queue: 'content', bodies: [upload], failed: 0, ms: 120 }, [], 'handled ObjectCreated:Put posts/hello there.md in 120 ms'],
    ['a reconcile and what it re-drove', { queue: 'content', bodies: [JSON.stringify({ source: 'herald.reconcile' }), JSON.stringify({ source: 'herald.redrive', keys: ['posts/a.md'] })], failed: 0, ms: 20 }, [], 'handled reconcile, re-driven posts/a.md in 20 ms'],
    ['a rebuild and what it did', { queue: 'rebuild', bodies: [JSON.stringify({ slugs: ['later'], causes: ['tick@2026-06-02T00:05:00.000Z'] })], failed: 0, ms: 9 }, ['published posts/later.md'], 'site rebuilt for later: published posts/later.md in 9 ms'],
    ['an announcement', { queue: 'announcements', bodies: [JSON.stringify({ slug: 'hello' })], failed: 0, ms: 15 }, [], 'newsletter started for hello in 15 ms'],
    ['a digest request', { queue: 'announcements', bodies: [JSON.stringify({ type: 'WeeklyDigest', at: '2026-11-30T08:00:00.000Z' })], failed: 0, ms: 9 }, [], 'weekly digest asked for (2026-11-30T08:00:00.000Z) in 9 ms'],
    ['a WebSub ping', { queue: 'websub', bodies: [JSON.stringify({ feeds: ['http://127.0.0.1:3000/feed.xml'], attempt: 0 })], failed: 0, ms: 4 }, [], 'WebSub hub told of http://127.0.0.1:3000/feed.xml in 4 ms'],
    ['a delivery', { queue: 'deliveries', bodies: [JSON.stringify({ campaignId: 'hello', recipients: [{}, {}] })], failed: 0, ms: 30 }, [], 'newsletter hello sent to 2 recipients in 30 ms'],
  ])('describes %s', (_name, batch, changes, line) => {
    // Act & Assess
    expect(describeBatch(batch, changes)).toBe(line);
  });
});
