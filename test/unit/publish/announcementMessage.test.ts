import { parseAnnouncementMessage, toAnnouncementMessage } from '../../../lambdas/publish/announcementMessage';

const event = { slug: 'hello', url: 'https://blog.example.com/posts/hello/', key: 'posts/hello.md', firstPublishedAt: '2026-06-01T12:00:00.000Z', entry: 'entries/0a1b/2c3d' };

describe('announcement messages', () => {
  it('round-trips the event through the queue body', () => {
    // Act
    const body = toAnnouncementMessage(event);

    // Assess
    expect(JSON.parse(body)).toEqual({ type: 'ArticlePublished', ...event });
    expect(parseAnnouncementMessage(body)).toEqual(event);
  });

  it('reads a message that names no rendering (the slug was taken down before it was sent)', () => {
    // Prepare
    const { entry: _entry, ...unnamed } = event;

    // Act & Assess
    expect(parseAnnouncementMessage(toAnnouncementMessage(unnamed))).toEqual(unnamed);
  });

  it.each([
    ['not JSON', '{', /announcement is not JSON/],
    ['another type', JSON.stringify({ ...event, type: 'ArticleEdited' }), /type/],
    ['no slug', JSON.stringify({ type: 'ArticlePublished', ...event, slug: '' }), /slug/],
    ['a bad date', JSON.stringify({ type: 'ArticlePublished', ...event, firstPublishedAt: 'yesterday' }), /firstPublishedAt/],
    ['an empty entry', JSON.stringify({ type: 'ArticlePublished', ...event, entry: '' }), /entry/],
  ])('refuses %s, saying what is wrong', (_case, body, message) => {
    // Act & Assess
    expect(() => parseAnnouncementMessage(body)).toThrow(message);
  });
});
