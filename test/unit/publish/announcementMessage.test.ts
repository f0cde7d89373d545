import { parseAnnouncementMessage, toAnnouncementMessage } from '../../../lambdas/publish/announcementMessage';

const event = { slug: 'hello', url: 'https://blog.example.com/posts/hello/', key: 'posts/hello.md', firstPublishedAt: '2026-06-01T12:00:00.000Z' };

describe('announcement messages', () => {
  it('round-trips the event through the queue body', () => {
    // Act
    const body = toAnnouncementMessage(event);

    // Assess
    expect(JSON.parse(body)).toEqual({ type: 'ArticlePublished', ...event });
    expect(parseAnnouncementMessage(body)).toEqual(event);
  });

  it.each([
    ['not JSON', '{', /announcement is not JSON/],
    ['another type', JSON.stringify({ ...event, type: 'ArticleEdited' }), /type/],
    ['no slug', JSON.stringify({ type: 'ArticlePublished', ...event, slug: '' }), /slug/],
    ['a bad date', JSON.stringify({ type: 'ArticlePublished', ...event, firstPublishedAt: 'yesterday' }), /firstPublishedAt/],
  ])('refuses %s, saying what is wrong', (_case, body, message) => {
    // Act & Assess
    expect(() => parseAnnouncementMessage(body)).toThrow(message);
  });
});
