import { SESv2Client } from '@aws-sdk/client-sesv2';
import { emulatorSettings } from './emulatorSettings';

/**
 * SES v2 client. The newsletter's client makes one attempt per call
 * (`maxAttempts: 1`): a retry after a lost answer could mail 50 people twice,
 * so retries go through its ledger instead.
 */
export function sesClient(endpoint?: string, options: { maxAttempts?: number } = {}): SESv2Client {
  return endpoint ? new SESv2Client({ ...emulatorSettings(endpoint), ...options }) : new SESv2Client(options);
}
