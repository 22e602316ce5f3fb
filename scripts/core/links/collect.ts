/**
 * Every URL worth checking, with every place it occurs: the link fields of the data files and
 * the hand-written parts of markdown files (generated regions come from data, so they are
 * skipped). Each distinct URL is checked once and its verdict fanned out to all occurrences.
 */
import type { Definition, Link, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { loadYaml, locate } from '../load.ts';
import { datasetLinks, datasetLinksOfValue, type DatasetRecord } from '../model.ts';
import { findRegions } from '../render/regions.ts';

export interface Occurrence {
  file: string;
  line: number;
  column: number;
  /** `homepage`, `paper`, … for data files; absent for markdown and URL lists. */
  field?: string;
  dataset?: string;
}

export interface LinkTarget {
  /** The URL as requested: as written, without its fragment (never sent to the server). */
  url: string;
  occurrences: Occurrence[];
}

export function requestUrl(address: string): string {
  const hash = address.indexOf('#');
  return hash === -1 ? address : address.slice(0, hash);
}

/** The URL a link is checked as, and grouped by. */
export function targetUrl(address: string): string {
  return requestUrl(address.trim());
}

/**
 * The link fields of the records, located in their files. Only the links `wanted` (by target
 * URL) are located: a change touches a few links, and locating all of them parses every file.
 */
export function fromRecords(records: readonly DatasetRecord[], wanted: (url: string) => boolean = () => true): (Occurrence & { url: string })[] {
  return records.flatMap(({ dataset, source }) =>
    datasetLinks(dataset)
      .filter(({ url }) => wanted(targetUrl(url)))
      .map(({ field, path, url }) => {
        const at = locate(source, path);
        return { url, file: source.file, line: at.line, column: at.column, field, dataset: dataset.id };
      }),
  );
}

/** Links and link definitions outside generated regions, including GFM bare-URL autolinks. */
export function fromMarkdown(file: string, text: string): (Occurrence & { url: string })[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(withoutGeneratedRegions(text)) as Root;
  const found: (Occurrence & { url: string })[] = [];
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'definition') return;
    const { url, position } = node as Link | Definition;
    if (!/^https?:\/\//i.test(url) || !position) return;
    found.push({ url, file, line: position.start.line, column: position.start.column });
  });
  return found;
}

/**
 * The text with every generated region blanked: each character but line breaks becomes a space,
 * so lines and columns stay where they were. Parsing the README's tables only to throw their
 * links away was most of the time of `npm run links --changed-since` (twice ~1.5 s).
 */
export function withoutGeneratedRegions(text: string): string {
  const { regions } = findRegions(text);
  let out = '';
  let at = 0;
  for (const { start, end } of [...regions.values()].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  return out + text.slice(at);
}

/** A hand-written file given to check: markdown, or any other text read as a list of URLs. */
export function fromDocument(file: string, text: string): (Occurrence & { url: string })[] {
  return /\.(md|markdown)$/i.test(file) ? fromMarkdown(file, text) : fromText(file, text);
}

/**
 * The URLs to request found in files as they were at an older commit (data files and markdown),
 * read leniently: an old data file may not validate, its link fields are read all the same.
 */
export function urlsOfOldFiles(files: readonly { path: string; text: string }[]): Set<string> {
  const urls = new Set<string>();
  for (const { path, text } of files) {
    if (path.endsWith('.md')) {
      for (const o of fromMarkdown(path, text)) urls.add(targetUrl(o.url));
    } else if (path.endsWith('.yaml')) {
      const value = loadYaml({ path, bytes: new TextEncoder().encode(text) }).loaded?.value;
      for (const { url } of datasetLinksOfValue(value)) urls.add(targetUrl(url));
    }
  }
  return urls;
}

/** From `http(s)://` to the next character that never appears in a URL as written in text. */
const URL_CANDIDATE = /https?:\/\/[^\s<>"`]+/gi;

/** Sentence punctuation, as GFM autolinks leave out at the end of a URL (and a closing quote). */
const TRAILING_PUNCTUATION = /[.,;:!?*_~']+$/;

/**
 * Where a URL found in running text ends. Brackets are balanced, as GFM autolinks balance
 * parentheses: a `)` or `]` the URL did not open is not its own but the text's — `[text](url)`,
 * `(see url)` — and ends it, while a balanced pair stays: `wiki/Foo_(bar)`, `http://[2001:db8::1]/`.
 * Then trailing sentence punctuation goes. linkify-it knows no IPv6 host, and the GFM autolink
 * extension no brackets, hence this.
 */
function urlInText(candidate: string): string {
  let round = 0;
  let square = 0;
  let end = candidate.length;
  for (let i = 0; i < candidate.length; i += 1) {
    const c = candidate[i];
    if (c === '(') round += 1;
    else if (c === '[') square += 1;
    else if ((c === ')' && --round < 0) || (c === ']' && --square < 0)) {
      end = i;
      break;
    }
  }
  return candidate.slice(0, end).replace(TRAILING_PUNCTUATION, '');
}

/** A plain list of URLs (or any text): every http(s) URL, located. */
export function fromText(file: string, text: string): (Occurrence & { url: string })[] {
  const found: (Occurrence & { url: string })[] = [];
  text.split('\n').forEach((line, index) => {
    if (/^\s*#/.test(line)) return;
    const candidates = new RegExp(URL_CANDIDATE);
    for (let match = candidates.exec(line); match; match = candidates.exec(line)) {
      const url = urlInText(match[0]);
      // What follows the URL may hold the next one: `[a](url)[b](url)`.
      candidates.lastIndex = match.index + Math.max(url.length, 1);
      if (!/^https?:\/\/$/i.test(url)) found.push({ url, file, line: index + 1, column: match.index + 1 });
    }
  });
  return found;
}

/** Groups occurrences by the URL to request, in first-seen order. */
export function groupTargets(occurrences: readonly (Occurrence & { url: string })[]): LinkTarget[] {
  const targets = new Map<string, LinkTarget>();
  for (const { url, ...occurrence } of occurrences) {
    const key = targetUrl(url);
    const target = targets.get(key) ?? { url: key, occurrences: [] };
    target.occurrences.push(occurrence);
    targets.set(key, target);
  }
  return [...targets.values()];
}
