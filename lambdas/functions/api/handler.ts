import { createApiHandler } from './createApiHandler';

/** Subscription API: subscribe, confirm, unsubscribe (one-click) and health, behind CloudFront's /api/*. */
export const handler = createApiHandler(process.env);
