/**
 * Confirmation mails the subscribe form may cause in one UTC day (cdk.json
 * `confirmationMailsPerDay`). About ten requests a second would otherwise be
 * some 860,000 mails a day to arbitrary addresses, whose bounces would put
 * the SES account under review; a small blog gains far fewer readers a day.
 */
export const DEFAULT_CONFIRMATION_MAILS_PER_DAY = 200;

/** Subscribe requests one client address (an IPv6 client: its /64) may make in an hour (cdk.json `subscribeRequestsPerHour`). */
export const DEFAULT_SUBSCRIBE_REQUESTS_PER_HOUR = 10;
