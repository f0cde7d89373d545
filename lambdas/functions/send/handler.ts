import { createSendHandler } from './createSendHandler';

/** Send function: batches of up to 50 recipients arrive through SQS; unsettled ones are reported for retry. */
export const handler = createSendHandler(process.env);
