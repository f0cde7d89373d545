import { FAVICON_HREF_PARTS } from './faviconHref';
import { SITE_STYLE } from './renderLayout';
import { SITE_PATHS } from './sitePaths';

// Month names for dates as the site writes them ("5 March 2026"), looked up by RSS's
// abbreviation or Atom's number, since XSLT 1.0 has no date formatting.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const BY_ABBREVIATION = `|${MONTHS.map((m) => `${m.slice(0, 3)}${m}`).join('|')}|`;
const BY_NUMBER = `|${MONTHS.map((m, i) => `${String(i + 1).padStart(2, '0')}${m}`).join('|')}|`;

/**
 * XSLT 1.0 that browsers apply to feed.xml and atom.xml (both name it in an
 * `xml-stylesheet` instruction), so a reader who clicks a feed link sees a
 * page in the site's own look, with the newest articles and their
 * summaries, and a line on how to subscribe in a feed reader, instead of raw
 * XML. Where the browser has no XSLT any more, the feed's own script
 * (feed-preview.js) applies this same stylesheet with a JavaScript processor.
 * Feed readers ignore both. Dates are the author's calendar date: the feeds
 * carry each article's own UTC offset.
 */
export const FEED_STYLESHEET = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
<xsl:template match="/">
<xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
<xsl:variable name="home" select="rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href"/>
<xsl:variable name="self" select="rss/channel/atom:link[@rel='self']/@href | atom:feed/atom:link[@rel='self']/@href"/>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="robots" content="noindex"/>
<title><xsl:value-of select="$title"/> · web feed</title>
<link rel="icon" href="{concat('${FAVICON_HREF_PARTS[0]}', translate(substring($title, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), '${FAVICON_HREF_PARTS[1]}')}"/>
<style>${SITE_STYLE}</style>
</head>
<body>
<header class="site"><div class="wrap">
<p class="home"><a href="{$home}"><xsl:value-of select="$title"/></a></p>
<nav class="feeds" aria-label="Feeds"><a href="{$home}${SITE_PATHS.rss}">RSS</a><a href="{$home}${SITE_PATHS.atom}">Atom</a><a href="{$home}${SITE_PATHS.json}">JSON Feed</a></nav>
</div></header>
<main class="wrap">
<div class="feed-about">
<p><strong>This is a web feed.</strong> Subscribe in a feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird…) by pasting this address into it, and every new article from <xsl:value-of select="$title"/> arrives there as soon as it is published:</p>
<code><xsl:value-of select="$self"/></code>
<p class="meta">Rather have email? <a href="{$home}#subscribe">Subscribe on the website</a>.</p>
</div>
<h1>Recent articles</h1>
<ol class="posts">
<xsl:for-each select="rss/channel/item">
<li>
<h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
<p class="meta"><xsl:call-template name="rss-date"><xsl:with-param name="date" select="pubDate"/></xsl:call-template></p>
<p><xsl:call-template name="unescape"><xsl:with-param name="text" select="description"/></xsl:call-template></p>
</li>
</xsl:for-each>
<xsl:for-each select="atom:feed/atom:entry">
<li>
<h2><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
<p class="meta"><xsl:call-template name="atom-date"><xsl:with-param name="date" select="atom:published"/></xsl:call-template></p>
<p><xsl:value-of select="atom:summary"/></p>
</li>
</xsl:for-each>
</ol>
<p class="back"><a href="{$home}">← All articles on the website</a></p>
</main>
</body>
</html>
</xsl:template>
<!-- RSS readers take <description> as HTML, so Herald escapes the plain-text summary in it; the page shows it as text again. -->
<xsl:template name="unescape">
<xsl:param name="text"/>
<xsl:param name="entities">&amp;#39;|&amp;quot;|&amp;lt;|&amp;gt;|&amp;amp;|</xsl:param>
<xsl:param name="characters">'"&lt;&gt;&amp;</xsl:param>
<xsl:variable name="entity" select="substring-before($entities, '|')"/>
<xsl:choose>
<xsl:when test="$entity = ''"><xsl:value-of select="$text"/></xsl:when>
<xsl:when test="contains($text, $entity)">
<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-before($text, $entity)"/><xsl:with-param name="entities" select="substring-after($entities, '|')"/><xsl:with-param name="characters" select="substring($characters, 2)"/></xsl:call-template>
<xsl:value-of select="substring($characters, 1, 1)"/>
<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($text, $entity)"/><xsl:with-param name="entities" select="$entities"/><xsl:with-param name="characters" select="$characters"/></xsl:call-template>
</xsl:when>
<xsl:otherwise><xsl:call-template name="unescape"><xsl:with-param name="text" select="$text"/><xsl:with-param name="entities" select="substring-after($entities, '|')"/><xsl:with-param name="characters" select="substring($characters, 2)"/></xsl:call-template></xsl:otherwise>
</xsl:choose>
</xsl:template>
<!-- RFC 822, as RSS writes it: "Thu, 05 Mar 2026 09:00:00 +0100" -->
<xsl:template name="rss-date">
<xsl:param name="date"/>
<xsl:value-of select="concat(number(substring($date, 6, 2)), ' ', substring-before(substring-after('${BY_ABBREVIATION}', concat('|', substring($date, 9, 3))), '|'), ' ', substring($date, 13, 4))"/>
</xsl:template>
<!-- RFC 3339, as Atom writes it: "2026-03-05T09:00:00.000+01:00" -->
<xsl:template name="atom-date">
<xsl:param name="date"/>
<xsl:value-of select="concat(number(substring($date, 9, 2)), ' ', substring-before(substring-after('${BY_NUMBER}', concat('|', substring($date, 6, 2))), '|'), ' ', substring($date, 1, 4))"/>
</xsl:template>
</xsl:stylesheet>
`;
