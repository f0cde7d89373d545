import { createInviteHandler } from './createInviteHandler';

/** Invite function: subscribe requests arrive through SQS and get their confirmation mail. */
export const handler = createInviteHandler(process.env);
