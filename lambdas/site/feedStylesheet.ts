/**
 * XSLT 1.0 that browsers apply to feed.xml and atom.xml (both name it in an
 * `xml-stylesheet` instruction), so a reader who clicks a feed link sees a page
 * explaining what a feed is instead of raw XML. Feed readers ignore it.
 */
export const FEED_STYLESHEET = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
<xsl:template match="/">
<xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
<xsl:variable name="home" select="rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href"/>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="$title"/> · web feed</title>
<style>
:root{color-scheme:light dark}body{margin:0;font:1.05rem/1.6 system-ui,sans-serif}
.wrap{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem}
.about{padding:1rem 1.25rem;border:1px solid #8886;border-radius:8px;margin:1rem 0 2rem}
code{font-family:ui-monospace,monospace;word-break:break-all}li{margin:.75rem 0}.meta{opacity:.75;font-size:.9rem}
</style>
</head>
<body><div class="wrap">
<div class="about">
<p><strong>This is a web feed.</strong> Copy its address into a feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird…) to get every new article from <xsl:value-of select="$title"/> as soon as it is published.</p>
<p>Feed address: <code id="address"></code></p>
<script>document.getElementById('address').textContent = location.href;</script>
</div>
<h1><xsl:value-of select="$title"/></h1>
<p><a href="{$home}">Visit the website →</a></p>
<h2>Recent articles</h2>
<ol>
<xsl:for-each select="rss/channel/item">
<li><a href="{link}"><xsl:value-of select="title"/></a><div class="meta"><xsl:value-of select="pubDate"/></div></li>
</xsl:for-each>
<xsl:for-each select="atom:feed/atom:entry">
<li><a href="{atom:link[not(@rel)]/@href | atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a><div class="meta"><xsl:value-of select="substring(atom:published, 1, 10)"/></div></li>
</xsl:for-each>
</ol>
</div></body>
</html>
</xsl:template>
</xsl:stylesheet>
`;
