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
