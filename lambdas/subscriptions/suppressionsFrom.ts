/** A subscriber to stop mailing, and why. */
export interface Suppression {
  readonly email: string;
  readonly status: 'bounced' | 'complained';
}

interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
}

/**
 * Reads an SES bounce or complaint event (configuration-set event publishing
 * uses `eventType`, identity notifications `notificationType`) and returns
 * who must not be mailed again: hard-bounced and complaining recipients.
 * Transient bounces (a full mailbox) are not suppressions.
 *
 * @throws SyntaxError for a message that is not JSON.
 */
export function suppressionsFrom(snsMessage: string): Suppression[] {
  const event = JSON.parse(snsMessage) as SesEvent;
  const type = event.eventType ?? event.notificationType;
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return (event.bounce.bouncedRecipients ?? []).flatMap((r) => (r.emailAddress ? [{ email: addressOf(r.emailAddress), status: 'bounced' as const }] : []));
  }
  if (type === 'Complaint') {
    return (event.complaint?.complainedRecipients ?? []).flatMap((r) => (r.emailAddress ? [{ email: addressOf(r.emailAddress), status: 'complained' as const }] : []));
  }
  return [];
}

// SES may report `"Name" <address>`; the subscriber id is derived from the bare address.
function addressOf(value: string): string {
  return /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value.trim();
}
