import { createRebuildHandler } from './createRebuildHandler';

/**
 * Rebuild function: requests arrive through a FIFO queue with one message
 * group, so batches run one at a time and this is the site's only writer.
 */
export const handler = createRebuildHandler(process.env);
