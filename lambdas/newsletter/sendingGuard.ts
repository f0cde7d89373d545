import type { CampaignStore, SendSwitch } from './ports';

/** A CloudWatch alarm's state change, as it arrives through SNS. */
export interface AlarmChange {
  readonly AlarmName: string;
  readonly NewStateValue: string;
  readonly NewStateReason: string;
}

/**
 * Pauses sending when a reputation alarm (bounce or complaint rate) fires:
 * the pause is recorded, so the send function stops and `herald campaigns`
 * says why, and the send queue's consumer is switched off, so queued batches
 * wait untouched instead of running out their retries. Only an operator
 * resumes (`herald campaigns resume`), after looking into the cause.
 * Returns true when it paused.
 */
export async function pauseOnAlarm(change: AlarmChange, deps: { campaigns: CampaignStore; sending: SendSwitch }, now: Date): Promise<boolean> {
  if (change.NewStateValue !== 'ALARM') return false;
  await deps.campaigns.pauseSending({ since: now.toISOString(), reason: `${change.AlarmName}: ${change.NewStateReason}` });
  await deps.sending.setEnabled(false);
  return true;
}
