import { createNotifyHandler } from './createNotifyHandler';

/** Notify function: "article first published" announcements arrive through SQS; each starts (at most) one campaign. */
export const handler = createNotifyHandler(process.env);
