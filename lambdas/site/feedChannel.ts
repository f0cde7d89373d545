import type { SiteConfig } from '../config/siteConfig';
import { folderUrl, tagDir } from './archivePaths';
import { SITE_PATHS } from './sitePaths';
import type { TagRef } from './tagsOf';

/** Which feed a document is: the site's own at the root, or one tag's in the tag's folder. */
export interface FeedChannel {
  readonly title: string;
  /** Empty when the site has no description. */
  readonly description: string;
  /** The page the feed belongs to (absolute URL); the feed files sit in its folder. */
  readonly link: string;
  /** feed.xsl as the feed document names it: relative, so the browser loads it from the site's own origin. */
  readonly stylesheet: string;
}

/** The site's feeds: `feed.xml`, `atom.xml` and `feed.json` at the root. */
export function siteChannel(site: SiteConfig): FeedChannel {
  return { title: site.title, description: site.description, link: site.url, stylesheet: SITE_PATHS.feedStylesheet };
}

/** A tag's feeds, in `tags/<slug>/` beside its page. */
export function tagChannel(site: SiteConfig, tag: TagRef): FeedChannel {
  return {
    title: `${site.title}: ${tag.name}`,
    description: `Articles tagged “${tag.name}” on ${site.title}`,
    link: folderUrl(site.url, tagDir(tag.slug)),
    stylesheet: `../../${SITE_PATHS.feedStylesheet}`,
  };
}
