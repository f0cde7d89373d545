import { createWebsubHandler } from './createWebsubHandler';

/** WebSub function: the feeds a publish changed arrive through SQS; the hub is told of each. */
export const handler = createWebsubHandler(process.env);
