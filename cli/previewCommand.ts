import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import { sesClient } from '../lambdas/adapters/sesClient';
import { SesBulkMailer } from '../lambdas/adapters/sesBulkMailer';
import { newsletterConfigFrom } from '../lambdas/config/newsletterConfig';
import { siteConfigFrom } from '../lambdas/config/siteConfig';
import { ArticleError } from '../lambdas/content/errors';
import { parseArticle } from '../lambdas/content/parseArticle';
import { DEFAULT_PORTS, localPortsFromEnvironment, localUrl } from './local/localPorts';
import { isBundleIndex } from '../lambdas/content/slugFor';
import { personalise, renderNewsletter } from '../lambdas/newsletter/renderNewsletter';
import { normaliseEmail } from '../lambdas/subscriptions/normaliseEmail';
import { subscriberId } from '../lambdas/subscriptions/subscriberId';
import { loadContext } from './loadContext';
import type { Output } from './output';
import { UsageError } from './usageError';

/** Help text for `herald preview --help`. */
const PREVIEW_HELP = `Usage: herald preview FILE.md [options]

Renders the newsletter an article would send and writes it as SLUG.html (to
open in a browser) and SLUG.eml (to open in a mail client), with a sample
unsubscribe link. A page bundle (posts/x/index.md) links its images where the
site publishes them, /posts/<slug>/.

Options:
  --out DIR         where to write (default: newsletter-preview)
  --content DIR     the content folder FILE belongs to, for its path (default: content)
  --to ADDRESS      also send it to ADDRESS through SES, as a newsletter goes out
  --endpoint URL    SES endpoint for --to (default: the local stack, ${localUrl(DEFAULT_PORTS.ses)}
                    or $HERALD_SES_PORT)
  --aws             send --to through SES in your AWS account instead
  --configuration-set NAME   SES configuration set for --to
  --site-url URL    site URL for links (default: cdk.json context siteUrl, else the
                    local stack's site, ${localUrl(DEFAULT_PORTS.site)}/ or $HERALD_PORT)
  --config FILE     settings file (default: cdk.json)`;

/** `herald preview`: the newsletter of one article, as files and optionally as a test mail. */
export async function previewCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'newsletter-preview' },
      content: { type: 'string', default: 'content' },
      to: { type: 'string' },
      endpoint: { type: 'string' },
      aws: { type: 'boolean', default: false },
      'configuration-set': { type: 'string' },
      'site-url': { type: 'string' },
      config: { type: 'string', default: 'cdk.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.info(PREVIEW_HELP);
    return 0;
  }
  const [file] = positionals;
  if (!file) throw new UsageError('preview needs a markdown file');
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  const to = values.to === undefined ? undefined : normaliseEmail(values.to);
  const context = loadContext(values.config);
  const ports = localPortsFromEnvironment();
  const site = siteConfigFrom(context, { siteUrl: values['site-url'] ?? (context.siteUrl ? undefined : `${localUrl(ports.site)}/`) });
  const config = newsletterConfigFrom(context, site);

  let newsletter;
  let slug;
  try {
    const { article } = parseArticle({ key: contentKey(file, values.content), bytes: readFileSync(file) }, { site, firstSeen: () => ({ date: statSync(file).mtime, source: 'file modification time' }) });
    newsletter = renderNewsletter(site, config, article);
    slug = article.slug;
  } catch (error) {
    if (!(error instanceof ArticleError)) throw error;
    out.error(error.message);
    return 1;
  }
  const links = { unsubscribeUrl: `${site.url}api/unsubscribe?token=preview`, preferencesUrl: `${site.url}api/preferences?token=preview` };
  const { unsubscribeUrl } = links;
  const sample = personalise(newsletter, links);
  // Named by slug, so the index.md of every page bundle gets its own files.
  const name = slug;
  mkdirSync(values.out, { recursive: true });
  const htmlPath = join(values.out, `${name}.html`);
  const emlPath = join(values.out, `${name}.eml`);
  writeFileSync(htmlPath, sample.html);
  const eml = await createTransport({ streamTransport: true, buffer: true }).sendMail({
    from: config.from,
    to: to ?? 'reader@example.com',
    ...(config.replyTo && { replyTo: config.replyTo }),
    subject: sample.subject,
    html: sample.html,
    text: sample.text,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
  writeFileSync(emlPath, eml.message as Buffer);
  out.info(`wrote ${htmlPath} and ${emlPath} (subject: ${sample.subject})`);

  if (to) {
    const ses = sesClient(values.aws ? undefined : (values.endpoint ?? localUrl(ports.ses)), { maxAttempts: 1 });
    const mailer = new SesBulkMailer(ses, { from: config.from, ...(config.replyTo && { replyTo: config.replyTo }), ...(values['configuration-set'] && { configurationSet: values['configuration-set'] }) });
    const [result] = await mailer.send('preview', newsletter, [{ subscriberId: subscriberId(to), email: to, ...links }]);
    if (result?.outcome !== 'sent') {
      out.error(`SES did not send the test to ${to}: ${result && 'reason' in result ? result.reason : 'no answer'}`);
      return 1;
    }
    out.info(`sent a test to ${to} (SES message ${result.messageId})`);
  }
  return 0;
}

// The file's key as the content bucket would hold it, so slugs, page bundles and their images
// resolve as they do when published: relative to the content folder, else the bundle's folder name.
function contentKey(file: string, contentDir: string): string {
  const inside = relative(resolve(contentDir), resolve(file));
  if (inside && !inside.startsWith('..') && !inside.startsWith(sep)) return inside.split(sep).join('/');
  return isBundleIndex(file) ? `${basename(dirname(resolve(file)))}/${basename(file)}` : basename(file);
}
