import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config/siteConfig';
import { feedArticleOf } from './feedArticle';
import { renderArticle } from './renderArticle';
import { renderRedirectPage } from './renderRedirectPage';
import { renderSharedFiles } from './renderSharedFiles';
import { sharedInputOf } from './sharedInputOf';

// One article that goes through every part of rendering: front matter, headings, emphasis,
// links (relative and absolute), an image, a table, code, a list, a quote, a footnote, shortcodes and a teaser.
const PROBE = `---
title: "Render probe <&>"
subtitle: Every construct once
date: 2020-02-02T02:02:02+02:00
lastmod: 2020-02-03T00:00:00Z
tags: [probe, "two words"]
categories: [Checks]
author: "Probe Author <probe@example.com>"
featuredImage: cover.png
description: A fixed article whose rendering fingerprints the templates.
lang: en-GB
aliases: [/old/probe/]
---
Opening paragraph with *emphasis*, **strong**, \`code\`, a footnote[^1] and a [relative link](../other/) :tada:.

<!--more-->

## A heading

| a | b |
| --- | :-: |
| 1 | [x](https://example.com/x) |

\`\`\`ts
const answer: number = 42;
\`\`\`

- one
- two with ![image](pic.jpg "title")

> A quote.

{{< figure src="fig.png" caption="A figure" >}}
{% highlight ruby %}
puts 1
{% endhighlight %}

[^1]: The footnote.
`;

const versions = new WeakMap<SiteConfig, string>();

/**
 * The render version: a fingerprint of a fixed probe article rendered with
 * the running code and these settings, through every template (page, feeds,
 * archive, sitemap, redirect). A deploy that changes a template or a site
 * setting changes it, so stored pages older than it are known to be stale and
 * get re-rendered, without anyone remembering to bump a number.
 */
export function renderVersionOf(site: SiteConfig): string {
  const known = versions.get(site);
  if (known) return known;
  const fixed = new Date('2020-02-02T00:00:00Z');
  const { article, page } = renderArticle(
    { key: 'probe/index.md', bytes: Buffer.from(PROBE) },
    { site, firstSeen: () => ({ date: fixed, source: 'probe' }) },
    () => 0, // the budget is not what is being fingerprinted
  );
  // The budget decides what is accepted, not how it looks.
  const { renderBudgetMs: _budget, ...settings } = site;
  const hash = createHash('sha256')
    .update(JSON.stringify(settings))
    .update(page)
    .update(JSON.stringify(feedArticleOf(article, site)))
    .update(renderRedirectPage(site, article.url));
  for (const file of renderSharedFiles(site, sharedInputOf([article], new Map()))) hash.update(file.body);
  const version = hash.digest('hex').slice(0, 16);
  versions.set(site, version);
  return version;
}
