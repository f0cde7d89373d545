import type { SiteConfig } from '../config/siteConfig';
import { SITE_PATHS } from './sitePaths';
import { xmlElement } from './xml';

/**
 * feed-preview.js, which every XML feed loads with an XHTML `<script>`: where
 * the browser still applies feed.xsl itself, the feed has become a page by
 * the time this runs and it does nothing; where the browser has no XSLT
 * (Chromium is removing it), it loads the XSLT processor from the site
 * (xslt-processor.js), applies the feed's own stylesheet and puts the page in
 * place of the raw XML. Plain ES2017, no modules: it runs inside an XML document.
 */
export const FEED_PREVIEW_SCRIPT = `(function () {
  'use strict';
  var XHTML = 'http://www.w3.org/1999/xhtml';
  var scripts = document.getElementsByTagNameNS(XHTML, 'script');
  var self = scripts[scripts.length - 1];
  var base = self ? self.src : location.href;

  function stylesheetHref() {
    for (var node = document.firstChild; node; node = node.nextSibling) {
      var match = node.nodeType === 7 && node.target === 'xml-stylesheet' && /href="([^"]+)"/.exec(node.data);
      if (match) return new URL(match[1], location.href).href;
    }
    return undefined;
  }

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElementNS(XHTML, 'script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.documentElement.appendChild(script);
    });
  }

  function preview() {
    var root = document.documentElement;
    // The browser's own XSLT has already made a page of the feed.
    if (!root || (root.localName !== 'rss' && root.localName !== 'feed')) return;
    var href = stylesheetHref();
    if (!href) return;
    Promise.all([fetch(href).then(function (r) { return r.text(); }), load(new URL('${SITE_PATHS.xsltProcessor}', base).href)])
      .then(function (answers) {
        var processor = window.XsltProcessor;
        // The processor's own XML parser decodes some entities twice and its html output leaves text
        // unescaped: both documents come from the browser's parser, and the page is written as XML.
        var stylesheet = new DOMParser().parseFromString(answers[0].replace('<xsl:output method="html"', '<xsl:output method="xml"'), 'application/xml');
        return new processor.Xslt({ selfClosingTags: false }).xsltProcess(processor.domDocumentToXDocument(document), processor.domDocumentToXDocument(stylesheet));
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        document.replaceChild(document.importNode(page.documentElement, true), document.documentElement);
      })
      .catch(function (error) { console.warn('feed preview:', error); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', preview);
  else preview();
})();
`;

/**
 * The element that loads feed-preview.js from an XML feed: an XHTML
 * `<script>`, foreign markup that RSS 2.0 and Atom allow and feed readers ignore.
 */
export function feedPreviewScriptElement(site: SiteConfig): string {
  return xmlElement('script', { xmlns: 'http://www.w3.org/1999/xhtml', src: `${site.url}${SITE_PATHS.feedPreviewScript}` });
}
