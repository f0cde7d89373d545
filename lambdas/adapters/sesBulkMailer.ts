import { GetAccountCommand, SendBulkEmailCommand, type BulkEmailEntryResult, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { BulkMailer, BulkRecipient, SendResult } from '../newsletter/ports';
import { pickVariable, TEMPLATE_DEFAULTS } from '../newsletter/mailTemplate';
import type { Newsletter } from '../newsletter/renderNewsletter';
import type { DailyQuota } from '../newsletter/sendPacer';

// Statuses after which the recipient may be tried again: SES did not take the message.
const TRY_AGAIN: ReadonlySet<string> = new Set([
  'ACCOUNT_THROTTLED', 'ACCOUNT_DAILY_QUOTA_EXCEEDED', 'TRANSIENT_FAILURE', 'ACCOUNT_SENDING_PAUSED', 'CONFIGURATION_SET_SENDING_PAUSED',
  'ACCOUNT_SUSPENDED', 'MAIL_FROM_DOMAIN_NOT_VERIFIED', 'CONFIGURATION_SET_NOT_FOUND', 'TEMPLATE_NOT_FOUND', 'INVALID_SENDING_POOL_NAME',
]);
const THROTTLED: ReadonlySet<string> = new Set(['ACCOUNT_THROTTLED', 'ThrottlingException', 'TooManyRequestsException', 'LimitExceededException']);
// SES's answers when the account's 24-hour quota is used up: per recipient, or for the whole call.
const DAILY_QUOTA_STATUS = 'ACCOUNT_DAILY_QUOTA_EXCEEDED';
const DAILY_QUOTA_MESSAGE = /daily message quota/i;
// Connection errors raised before the request left this machine: SES never saw it.
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The sender identity and settings of bulk mail. */
export interface BulkMailOptions {
  /** `"Name" <address>`. */
  readonly from: string;
  readonly replyTo?: string;
  readonly configurationSet?: string;
}

/**
 * Sends a newsletter with SES v2 SendBulkEmail: one call for up to 50
 * recipients, the newsletter as an inline template, and per recipient their
 * unsubscribe and preference page URLs (and a digest's article flags) and
 * the RFC 8058 one-click headers. Every answer is turned
 * into a per-recipient result; nothing is thrown, because the caller holds
 * claims on these recipients and must record what happened to each.
 */
export class SesBulkMailer implements BulkMailer {
  constructor(private readonly ses: SESv2Client, private readonly options: BulkMailOptions) {}

  async send(campaignId: string, newsletter: Newsletter, recipients: readonly BulkRecipient[]): Promise<SendResult[]> {
    let entries: BulkEmailEntryResult[];
    try {
      const answer = await this.ses.send(new SendBulkEmailCommand({
        FromEmailAddress: this.options.from,
        ...(this.options.replyTo && { ReplyToAddresses: [this.options.replyTo] }),
        ...(this.options.configurationSet && { ConfigurationSetName: this.options.configurationSet }),
        DefaultEmailTags: [{ Name: 'campaign', Value: tagValue(campaignId) }],
        DefaultContent: { Template: { TemplateContent: { Subject: newsletter.subject, Html: newsletter.html, Text: newsletter.text }, TemplateData: JSON.stringify(TEMPLATE_DEFAULTS) } },
        BulkEmailEntries: recipients.map((r) => ({
          Destination: { ToAddresses: [r.email] },
          ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(templateData(r)) } },
          ReplacementHeaders: [
            { Name: 'List-Unsubscribe', Value: `<${r.unsubscribeUrl}>` },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
          ReplacementTags: [{ Name: 'subscriber', Value: r.subscriberId }],
        })),
      }));
      entries = answer.BulkEmailEntryResults ?? [];
    } catch (error) {
      return recipients.map(() => resultOfError(error));
    }
    return recipients.map((_, i) => resultOfEntry(entries[i]));
  }
}

// A recipient's own template values: their links and, in a digest, a flag for each article they get.
function templateData(r: BulkRecipient): Record<string, string | boolean> {
  return { unsubscribeUrl: r.unsubscribeUrl, preferencesUrl: r.preferencesUrl, ...Object.fromEntries((r.picks ?? []).map((i) => [pickVariable(i), true])) };
}

/** The account's sending rate (messages per second), which the send function shares out. */
export async function accountSendRate(ses: SESv2Client): Promise<number | undefined> {
  try {
    return (await ses.send(new GetAccountCommand({}))).SendQuota?.MaxSendRate;
  } catch {
    return undefined; // the caller falls back to its configured rate
  }
}

/** The account's 24-hour quota and what it has sent in the last 24 hours (GetAccount), for the pacer. */
export async function accountDailyQuota(ses: SESv2Client): Promise<DailyQuota | undefined> {
  try {
    const quota = (await ses.send(new GetAccountCommand({}))).SendQuota;
    if (quota?.Max24HourSend === undefined || quota.SentLast24Hours === undefined) return undefined;
    return { max24HourSend: quota.Max24HourSend, sentLast24Hours: quota.SentLast24Hours };
  } catch {
    return undefined; // unknown: SES's own refusal (ACCOUNT_DAILY_QUOTA_EXCEEDED) still stops the sends
  }
}

function resultOfEntry(entry: BulkEmailEntryResult | undefined): SendResult {
  if (!entry) return { outcome: 'retry', reason: 'SES gave no result for this recipient', throttled: false };
  if (entry.Status === 'SUCCESS') return { outcome: 'sent', messageId: entry.MessageId ?? '' };
  const reason = `${entry.Status ?? 'FAILED'}${entry.Error ? `: ${entry.Error}` : ''}`;
  if (entry.Status && TRY_AGAIN.has(entry.Status)) return { outcome: 'retry', reason, throttled: THROTTLED.has(entry.Status), ...(entry.Status === DAILY_QUOTA_STATUS && { dailyQuota: true }) };
  return { outcome: 'rejected', reason };
}

function resultOfError(error: unknown): SendResult {
  const e = error as { name?: string; message?: string; code?: string; errors?: { code?: string }[]; $metadata?: { httpStatusCode?: number } };
  const reason = `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if (e.name === 'MessageRejected') return { outcome: 'rejected', reason };
  // The code is on the error, on each error of an AggregateError (one per address tried), or
  // only in the message when the SDK wraps an error from another realm.
  const codes = [e.code, ...(e.errors ?? []).map((inner) => inner.code), ...(e.message?.match(/\bE[A-Z]+\b/g) ?? [])];
  // SES answered, so the request was refused as a whole and nobody was mailed; or it never got there.
  if (e.$metadata?.httpStatusCode !== undefined || codes.some((code) => code !== undefined && NOT_SENT_CODES.has(code))) {
    if (DAILY_QUOTA_MESSAGE.test(e.message ?? '')) return { outcome: 'retry', reason, throttled: false, dailyQuota: true };
    return { outcome: 'retry', reason, throttled: THROTTLED.has(e.name ?? '') };
  }
  return { outcome: 'unknown', reason };
}

// Tag values allow only ASCII letters, digits, '_', '-', '.' and '@'.
function tagValue(value: string): string {
  return value.replace(/[^\w.@-]/g, '_').slice(0, 256) || '_';
}
