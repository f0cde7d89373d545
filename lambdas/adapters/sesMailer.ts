import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { oneLine } from '../mail/oneLine';
import type { Mailer, OutgoingMail } from '../subscriptions/ports';
import { StoreError } from './errors';

/** Sends mail through SES v2 from the configured sender, in the configuration set that tracks bounces. */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.ses.send(new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
        ...(this.configurationSet && { ConfigurationSetName: this.configurationSet }),
        Content: {
          Simple: {
            Subject: { Data: oneLine(mail.subject), Charset: 'UTF-8' },
            Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
            ...(mail.headers && { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value: oneLine(Value) })) }),
          },
        },
      }));
    } catch (error) {
      throw new StoreError('SendEmail', mail.to, { cause: error });
    }
  }
}
