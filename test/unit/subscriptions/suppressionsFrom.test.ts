import { suppressionsFrom } from '../../../lambdas/subscriptions/suppressionsFrom';

describe('suppressionsFrom', () => {
  it.each([
    ['a permanent bounce (event publishing)', { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'gone@example.com' }] } }, [{ email: 'gone@example.com', status: 'bounced' }]],
    ['a permanent bounce (notification)', { notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: '"Gone" <gone@example.com>' }] } }, [{ email: 'gone@example.com', status: 'bounced' }]],
    ['a complaint', { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }, { emailAddress: 'cross@example.com' }] } }, [{ email: 'angry@example.com', status: 'complained' }, { email: 'cross@example.com', status: 'complained' }]],
    ['a transient bounce', { eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@example.com' }] } }, []],
    ['a delivery', { eventType: 'Delivery', mail: {} }, []],
  ])('reads %s', (_name, event, expected) => {
    // Act & Assess
    expect(suppressionsFrom(JSON.stringify(event))).toEqual(expected);
  });

  it('throws for a message that is not JSON', () => {
    // Act & Assess
    expect(() => suppressionsFrom('not json')).toThrow(SyntaxError);
  });
});
