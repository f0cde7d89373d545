import { contentEventsFrom, normaliseSequencer } from '../../../lambdas/publish/contentEvent';

describe('contentEventsFrom', () => {
  it('reads S3 records, decoding keys as S3 encodes them', () => {
    // Prepare
    const body = JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: 'posts/My+Post%C3%A9.md', sequencer: '0055AED6DCD90281E5' } } }] });

    // Act
    const events = contentEventsFrom(body);

    // Assess
    expect(events).toEqual([{ kind: 'change', key: 'posts/My Posté.md', sequencer: '0000000000000055AED6DCD90281E5'.padStart(32, '0') }]);
  });

  it.each([
    ['the schedule tick', { source: 'herald.schedule' }, [{ kind: 'tick' }]],
    ["S3's test event", { Service: 'Amazon S3', Event: 's3:TestEvent' }, []],
    ['a re-drive', { source: 'herald.redrive', keys: ['posts/a.md'] }, [{ kind: 'redrive', keys: ['posts/a.md'] }]],
    ['the first page of a reconcile', { source: 'herald.reconcile' }, [{ kind: 'reconcile' }]],
    ['a later page of a reconcile', { source: 'herald.reconcile', after: 'posts/m.md' }, [{ kind: 'reconcile', after: 'posts/m.md' }]],
    ['a re-render of everything', { source: 'herald.rerender', all: true }, [{ kind: 'rerender', all: true }]],
  ])('reads %s', (_name, message, expected) => {
    // Act & Assess
    expect(contentEventsFrom(JSON.stringify(message))).toEqual(expected);
  });

  it.each([
    ['not JSON', 'nope', SyntaxError],
    ['another message', JSON.stringify({ hello: 'world' }), TypeError],
    ['a record without a key', JSON.stringify({ Records: [{ s3: { object: { sequencer: '1' } } }] }), TypeError],
    ['a re-drive without keys', JSON.stringify({ source: 'herald.redrive' }), TypeError],
    ['a message of Herald\'s it does not know', JSON.stringify({ source: 'herald.nope' }), TypeError],
  ])('throws for %s, so the message is retried and dead-lettered', (_name, body, type) => {
    // Act & Assess
    expect(() => contentEventsFrom(body)).toThrow(type);
  });
});

describe('normaliseSequencer', () => {
  it('orders hex sequencers of different lengths and s3rver millisecond numbers as numbers', () => {
    // Act
    const ordered = ['FF', '100', 'A0B'].map(normaliseSequencer).sort();

    // Assess
    expect(ordered.map((s) => s.replace(/^0+/, ''))).toEqual(['FF', '100', 'A0B']);
    expect(normaliseSequencer(1_764_000_000_000) > normaliseSequencer(1_763_999_999_999)).toBe(true);
  });
});
