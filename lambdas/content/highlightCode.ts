import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import graphql from 'highlight.js/lib/languages/graphql';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import lua from 'highlight.js/lib/languages/lua';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// The languages blogs show most: 115 KB of the publish bundle with the core, where all of
// highlight.js's 190 would cost about 1 MB. An unknown language stays plain text.
const LANGUAGES = { bash, c, cpp, csharp, css, diff, dockerfile, go, graphql, ini, java, javascript, json, kotlin, lua, makefile, markdown, php, plaintext, python, ruby, rust, shell, sql, swift, typescript, xml, yaml };
let registered = false;

// Registering runs every grammar's definition (about 6 ms of a cold start), which a function
// whose articles have no fenced code of a named language never needs.
function registerLanguages(): void {
  if (registered) return;
  registered = true;
  for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
  // Names Hugo's Chroma and Jekyll's Rouge accept that highlight.js spells otherwise.
  hljs.registerAliases(['plain', 'none'], { languageName: 'plaintext' });
  hljs.registerAliases(['shell-session', 'terminal'], { languageName: 'shell' });
  hljs.registerAliases(['postgresql', 'mysql'], { languageName: 'sql' });
  // SCSS and Less are close enough to CSS, and their own grammars would double its 13 KB.
  hljs.registerAliases(['scss', 'sass', 'less'], { languageName: 'css' });
}

/**
 * The token kinds Herald colours, and the highlight.js scopes each covers.
 * One table feeds the site's stylesheet and the inline styles of feeds and mail.
 */
export const CODE_TOKEN_KINDS = {
  comment: ['comment', 'quote'],
  keyword: ['keyword', 'selector-tag', 'doctag', 'meta-keyword'],
  string: ['string', 'regexp', 'char', 'subst', 'symbol', 'template-tag'],
  number: ['number', 'literal', 'attr', 'attribute', 'variable', 'template-variable', 'property', 'selector-attr', 'selector-pseudo', 'selector-class', 'selector-id', 'bullet', 'link', 'meta'],
  title: ['title', 'section', 'name', 'tag'],
  type: ['type', 'built_in', 'class', 'params'],
  addition: ['addition'],
  deletion: ['deletion'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** A kind of code token: how it is coloured everywhere. */
export type CodeTokenKind = keyof typeof CODE_TOKEN_KINDS;

/**
 * Colours readable on white and on dark backgrounds alike (contrast at least
 * 3.4:1 on #fff, #151517 and #202124), for places that cannot switch palettes
 * with the reader's colour scheme: feed readers and mail clients.
 */
export const NEUTRAL_CODE_COLOURS: Readonly<Record<CodeTokenKind, string>> = {
  comment: 'color:#7a7f87;font-style:italic',
  keyword: 'color:#d23c4a',
  string: 'color:#2e8b57',
  number: 'color:#2f7fd1',
  title: 'color:#8a5cd1',
  type: 'color:#b86e00',
  addition: 'color:#2e8b57',
  deletion: 'color:#d23c4a',
};

const KIND_OF_SCOPE: ReadonlyMap<string, CodeTokenKind> = new Map(
  Object.entries(CODE_TOKEN_KINDS).flatMap(([kind, scopes]) => scopes.map((scope) => [`hljs-${scope}`, kind as CodeTokenKind])),
);

/**
 * Highlights code of a named language at build time, as `<span class="hl-…">`
 * runs (one class per token kind). Returns undefined for a language Herald
 * does not know, so the caller keeps the code plain.
 *
 * @example
 * highlightCode('let a = 1', 'js'); // '<span class="hl-keyword">let</span> a = <span class="hl-number">1</span>'
 */
export function highlightCode(code: string, language: string): string | undefined {
  if (!language) return undefined;
  registerLanguages();
  if (!hljs.getLanguage(language)) return undefined;
  const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  // highlight.js nests scopes and adds sub-scopes (`hljs-title function_`); Herald keeps one kind per span.
  return html.replace(/<span class="([^"]*)">/g, (_, classes: string) => {
    const kind = KIND_OF_SCOPE.get(classes.split(' ')[0]!);
    return kind ? `<span class="hl-${kind}">` : '<span>';
  });
}

/**
 * Replaces the `hl-…` classes of highlighted code with inline colours, for
 * feed readers and mail clients that drop classes and stylesheets.
 */
export function inlineCodeColours(html: string): string {
  return html.replace(/<span class="hl-([a-z]+)">/g, (span, kind: string) => {
    const style = NEUTRAL_CODE_COLOURS[kind as CodeTokenKind];
    return style === undefined ? span : `<span style="${style}">`;
  });
}
