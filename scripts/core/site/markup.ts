/**
 * Data into HTML, made inert in one place. Every value from a data file reaches a page through
 * one of these: element text and quoted attribute values (`html`), link targets (`httpUrl`:
 * only http and https become links), and JSON inside a `<script>` element (`scriptJson`). The
 * page templates never concatenate raw data.
 */
import { visible } from '../text-safety.ts';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for an element or a quoted attribute value: the five markup characters as entities, and
 * control and bidi characters spelled out (`\u202e`) so that a value shows what it holds.
 * Line breaks and tabs stay: in running text they are spaces.
 */
export function html(value: string): string {
  return visible(value.replace(/[\t\n]/g, ' ')).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** `html` for preformatted text: line breaks are kept (a BibTeX entry), each line made visible. */
export function htmlLines(value: string): string {
  return value.split('\n').map(html).join('\n');
}

/**
 * The URL when it is an absolute http(s) URL a browser reads as written, else undefined: a
 * `javascript:`, `data:` or relative value is never a link target (the schema requires https,
 * and this holds even for a record that bypassed it). Returned as parsed (WHATWG), so what the
 * page links is what the browser would open.
 */
export function httpUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

/** `<a href="…">label</a>` for an http(s) URL; anything else is shown as text, not linked. */
export function link(url: string, label: string, attributes = ''): string {
  const href = httpUrl(url);
  return href === undefined ? html(label) : `<a href="${html(href)}"${attributes}>${html(label)}</a>`;
}

/**
 * JSON for the inside of a `<script>` element: `<`, `>` and `&` as `\u` escapes, so no value can
 * close the element (`</script>`), open a comment (`<!--`) or be read as markup; U+2028/2029 and
 * control characters escaped too. A JSON reader gets the same values.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u007f-\u009f\u2028\u2029\p{Cf}]/gu, (char) =>
    Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
