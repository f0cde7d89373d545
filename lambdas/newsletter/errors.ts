/** A delivery batch names a campaign (or a campaign's newsletter) that is not in the table. */
export class MissingCampaignError extends Error {
  constructor(readonly campaignId: string, readonly missing: 'campaign' | 'newsletter') {
    super(`campaign ${campaignId}: no ${missing} in the campaigns table`);
    this.name = 'MissingCampaignError';
  }
}

/** Another invocation is fanning this campaign out right now; try again later. */
export class FanOutBusyError extends Error {
  constructor(readonly campaignId: string) {
    super(`campaign ${campaignId}: another invocation holds the fan-out`);
    this.name = 'FanOutBusyError';
  }
}

/**
 * The lease on a batch ran out while this invocation still worked on it, and
 * another invocation took the batch over: this one stops, and what it had not
 * recorded is the other's to sort out.
 */
export class BatchTakenOverError extends Error {
  constructor(readonly campaignId: string, readonly batch: number) {
    super(`campaign ${campaignId}, batch ${batch}: the lease ran out and another invocation took the batch over`);
    this.name = 'BatchTakenOverError';
  }
}
