import type { NewsletterConfig } from '../config/newsletterConfig';
import type { SiteConfig } from '../config/siteConfig';
import { tagSlug } from '../site/tagUrl';
import type { ArticlePublished, EntryStore } from '../publish/ports';
import type { Audience, Campaign, DeliveryBatch, DigestEntry, SkipReason } from './campaign';
import { digestId, digestSlot, nextDigestSlot } from './digestSlot';
import type { CampaignStore, DeliveryQueue, FanOutPage, SubscriberDirectory } from './ports';
import { FanOutBusyError } from './errors';
import { recipientOf } from './recipientOf';
import { MAX_DIGEST_ARTICLES, renderDigest } from './renderDigest';
import { renderNewsletter, type Newsletter } from './renderNewsletter';
import { skipReasonFor } from './skipReasonFor';

/** The "article first published" event, as the publish function puts it on the announcements queue. */
export type Announcement = ArticlePublished;

/** Everything the notify function works with. */
export interface NotifierDeps {
  readonly site: SiteConfig;
  readonly newsletter: NewsletterConfig;
  /** The publish function's renderings: the newsletter mails the article as the site shows it. */
  /** The articles the publish function rendered and stored (the entries bucket): notify never parses markdown itself. */
  readonly articles: Pick<EntryStore, 'get'>;
  readonly campaigns: CampaignStore;
  readonly subscribers: SubscriberDirectory;
  readonly queue: DeliveryQueue;
  readonly clock?: () => Date;
  /** Subscribers read per page; each page is queued as up to 10 batches. @default 500 */
  readonly pageSize?: number;
}


/** Recipients per SendBulkEmail call, the most SES takes. */
export const BATCH_SIZE = 50;
const BATCHES_PER_PAGE = 10;
// Longer than a page takes; an invocation that dies mid-page lets another take over after it.
const FAN_OUT_LEASE_MS = 60_000;

/**
 * Turns an announcement into a campaign and queues its recipients in batches.
 *
 * The article's slug is the campaign id, and the campaign is created with a
 * conditional write, so a repeated announcement (they can repeat) finds the
 * campaign and stops. The fan-out stores each page of subscribers before
 * queueing it and commits its position after, so an invocation that crashes
 * anywhere is resumed by the retry and re-queues at most the page it was on,
 * as the very same batches. Exactly-once sending rests on that: the send
 * function keeps its ledger per batch, so each subscriber must be in one
 * batch of a campaign only. A page cut afresh on a retry could differ (who
 * confirmed or left in between) and move a subscriber into a second batch.
 */
export class Notifier {
  private readonly clock: () => Date;
  private readonly pageSize: number;

  constructor(private readonly deps: NotifierDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.pageSize = Math.min(deps.pageSize ?? BATCH_SIZE * BATCHES_PER_PAGE, BATCH_SIZE * BATCHES_PER_PAGE);
  }

  /**
   * Handles one announcement; returns the campaign as it stands afterwards.
   *
   * @throws FanOutBusyError while another invocation fans the same campaign out.
   */
  async handle(announcement: Announcement): Promise<Campaign> {
    return this.run((await this.deps.campaigns.get(announcement.slug)) ?? (await this.start(announcement)));
  }

  /**
   * Sends the weekly digest of the slot at or after `at` (the schedule's
   * moment, or now for `herald digest --now`): closes that week, so an
   * article announced from then on goes into the next one, and fans the
   * digest out to the weekly readers, as a campaign `digest/<week>`. A
   * repeated request finds the campaign and sends nothing again; a week
   * with no new articles gets a skipped campaign and no mail.
   *
   * @throws FanOutBusyError while another invocation fans the same digest out.
   */
  async digest(at: Date): Promise<Campaign> {
    const { week } = digestSlot(at, this.deps.newsletter.digest);
    return this.run((await this.deps.campaigns.get(digestId(week))) ?? (await this.startDigest(week)));
  }

  private async run(campaign: Campaign): Promise<Campaign> {
    // A crash between the last page and the completion check leaves a finished campaign `sending`; a retry finishes it.
    if (campaign.state === 'sending' && (await this.deps.campaigns.completeIfSettled(campaign.id, this.clock()))) return (await this.deps.campaigns.get(campaign.id))!;
    if (campaign.state !== 'fanning-out') return campaign;
    await this.fanOut(campaign.id, campaign.audience);
    return (await this.deps.campaigns.get(campaign.id))!;
  }

  private async start(announcement: Announcement): Promise<Campaign> {
    const { site, newsletter, articles, campaigns } = this.deps;
    const firstPublishedAt = new Date(announcement.firstPublishedAt);
    const now = this.clock().toISOString();
    const base = { id: announcement.slug, url: announcement.url, title: announcement.slug, startedAt: now, batches: 0, batchesDone: 0, recipients: 0, sent: 0, failed: 0, suppressed: 0, unknown: 0 };

    // The rendering that went live; gone (or never named: the slug was taken down before the announcement) counts as removed.
    const article = announcement.entry === undefined ? undefined : await articles.get(announcement.entry);
    let skip: SkipReason | undefined = article ? undefined : 'removed';
    let rendered: Newsletter | undefined;
    let title = base.title;
    let tags: string[] = [];
    if (article) {
      title = article.title;
      tags = [...new Set(article.tags.map(tagSlug))];
      skip = skipReasonFor(article, firstPublishedAt, newsletter.windowDays);
      if (!skip) rendered = renderNewsletter(site, newsletter, article);
      // Into its week's digest before the campaign exists: a retry after a crash in between finds no campaign and adds it again, harmlessly.
      if (!skip) await this.addToDigest(firstPublishedAt, {
        slug: announcement.slug, title: article.title, url: article.url, summary: article.summary, tags,
        date: article.date.toISOString(), ...(article.offsetMinutes !== undefined && { offsetMinutes: article.offsetMinutes }), ...(article.image && { image: article.image }),
      });
    }
    // The audience is fixed with the campaign, so a fan-out resumed after a crash picks the same readers.
    const campaign: Campaign = skip
      ? { ...base, title, state: 'skipped', skipReason: skip, endedAt: now }
      : { ...base, title, state: 'fanning-out', audience: { tags } };
    if (await campaigns.create(campaign, rendered)) return campaign;
    return (await campaigns.get(announcement.slug))!; // a repeated announcement got there first
  }

  // The digest of the week the article was first published in, or the first one after it whose week is still open.
  private async addToDigest(firstPublishedAt: Date, entry: DigestEntry): Promise<void> {
    const schedule = this.deps.newsletter.digest;
    let slot = digestSlot(firstPublishedAt, schedule);
    while (!(await this.deps.campaigns.addToDigest(digestId(slot.week), entry))) slot = nextDigestSlot(slot, schedule);
  }

  private async startDigest(week: string): Promise<Campaign> {
    const { site, newsletter, campaigns } = this.deps;
    const id = digestId(week);
    const entries = (await campaigns.closeDigest(id)).sort((a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug)).slice(0, MAX_DIGEST_ARTICLES);
    const now = this.clock().toISOString();
    const base = { id, url: site.url, title: `Weekly digest ${week}`, startedAt: now, batches: 0, batchesDone: 0, recipients: 0, sent: 0, failed: 0, suppressed: 0, unknown: 0 };
    const campaign: Campaign = entries.length === 0
      ? { ...base, state: 'skipped', skipReason: 'empty-week', endedAt: now }
      : { ...base, title: `${base.title}: ${entries.length} article${entries.length === 1 ? '' : 's'}`, state: 'fanning-out', audience: { digest: entries.map((entry) => entry.tags) } };
    if (await campaigns.create(campaign, entries.length > 0 ? renderDigest(site, newsletter, entries, week) : undefined)) return campaign;
    return (await campaigns.get(id))!; // a repeated request got there first
  }

  private async fanOut(id: string, audience: Audience | undefined): Promise<void> {
    const { campaigns, queue } = this.deps;
    const position = await campaigns.claimFanOut(id, this.clock(), this.leaseEnd());
    if (!position) {
      const campaign = await campaigns.get(id);
      if (campaign?.state === 'fanning-out') throw new FanOutBusyError(id);
      return;
    }
    let { pages: n, cursor } = position;
    for (;;) {
      const page: FanOutPage = (await campaigns.page(id, n)) ?? (await campaigns.savePage(id, n, await this.readersOf(audience, cursor)));
      const batches = batchesOf(id, n, page);
      await queue.enqueue(batches);
      if (!(await campaigns.commitPage(id, n, { batches: batches.length, recipients: page.recipients.length }, page.next, this.leaseEnd()))) {
        throw new FanOutBusyError(id); // lost the lease to another invocation, which carries on
      }
      if (page.next === undefined) break;
      cursor = page.next;
      n += 1;
    }
    await campaigns.completeIfSettled(id, this.clock());
  }

  // A page of confirmed readers, less those whose topics the campaign misses: possibly none, never a reader twice.
  private async readersOf(audience: Audience | undefined, cursor: string | undefined): Promise<FanOutPage> {
    const page = await this.deps.subscribers.confirmedPage(cursor, this.pageSize);
    return {
      recipients: page.subscribers.flatMap((reader) => recipientOf(audience, reader) ?? []),
      ...(page.next !== undefined && { next: page.next }),
    };
  }

  private leaseEnd(): Date {
    return new Date(this.clock().getTime() + FAN_OUT_LEASE_MS);
  }
}

// Batch numbers derive from the stored page, so a repeated page yields the same batches, recipient for recipient.
function batchesOf(campaignId: string, page: number, { recipients }: FanOutPage): DeliveryBatch[] {
  const batches: DeliveryBatch[] = [];
  for (let i = 0; i < recipients.length; i += BATCH_SIZE) {
    batches.push({ campaignId, batch: page * BATCHES_PER_PAGE + i / BATCH_SIZE, recipients: recipients.slice(i, i + BATCH_SIZE) });
  }
  return batches;
}
