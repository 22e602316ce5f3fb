/**
 * The one markdown serialiser of the project: mdast-util-to-markdown with the GFM table
 * extension, and two handlers replaced for speed and strictness.
 *
 * The default text handler decides per character, with lookbehind on the construct stack,
 * whether escaping is needed; that costs ~0.5 ms per table row and made 10,000 rows take
 * seconds. Ours escapes every character that can start inline markdown syntax, everywhere. Over-
 * escaping is always safe in CommonMark (any ASCII punctuation may be backslash-escaped), so no
 * data can open a link, emphasis, code span, HTML tag, entity, math span or table cell.
 */
import type { Link, PhrasingContent, Root, Table, Text } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { toMarkdown, type Handle, type Options, type State } from 'mdast-util-to-markdown';

/** Backslash, code, emphasis, strike, links/images, HTML/autolinks, entities, table pipes, GitHub math. */
const INLINE_SYNTAX = /[\\`*_~[\]<&|$]/g;

/**
 * GFM turns bare `https://…`, `www.…` and `a@b.c` into links, and escapes inside them are not
 * processed; breaking the trigger (as mdast-util-gfm-autolink-literal does) keeps them text.
 */
const AUTOLINK_TRIGGER = /(?<=[ps]):(?=\/)|(?<=[Ww])\.(?=[-.\w])|(?<=[+\-.\w])@(?=[-.\w])/g;

export function escapeInline(value: string): string {
  const escaped = value.replace(INLINE_SYNTAX, '\\$&');
  // The lookbehind pattern is slow; most text cannot hold an autolink trigger at all.
  return /:\/|[Ww]\.|@/.test(escaped) ? escaped.replace(AUTOLINK_TRIGGER, '\\$&') : escaped;
}

/** A URL as a link destination: bare when it is plain, in angle brackets otherwise. */
export function linkDestination(url: string): string {
  if (/^[^\s<>()\\\u0000-\u001f\u007f]+$/.test(url)) return url;
  return `<${url.replace(/[<>\\]/g, '\\$&').replace(/[\n\r]/g, '')}>`;
}

/**
 * Block syntax that only counts at the start of a line: ATX headings, block quotes, bullet and
 * ordered list items, setext underlines. Text starts a line at the start of a paragraph or list
 * item and after a line break it holds; there the marker is escaped, so no text can fake a
 * heading or a list. (Inline syntax is escaped everywhere by escapeInline.)
 */
const BLOCK_MARKER = /(^|[\r\n])([ \t]*)(?:([#>+\-=])|(\d{1,9})([.)]))/g;

function escapeLineStarts(escaped: string, atLineStart: boolean): string {
  if (!atLineStart && !/[\r\n]/.test(escaped)) return escaped; // most text: one line, inside a line
  const marked = escaped.replace(BLOCK_MARKER, (whole, start: string, indent: string, marker?: string, digits?: string, delimiter?: string) =>
    start === '' && !atLineStart ? whole : `${start}${indent}${marker !== undefined ? `\\${marker}` : `${digits}\\${delimiter}`}`,
  );
  // Four spaces at the start of a paragraph would make it an indented code block.
  return atLineStart ? marked.replace(/^[ \t]/, (c) => (c === ' ' ? '&#x20;' : '&#x9;')) : marked;
}

const text = Object.assign((node: Text, _parent: unknown, _state: unknown, info: { before: string }) => escapeLineStarts(escapeInline(node.value), info.before === '\n' || info.before === '\r'), {
  // The serialiser peeks at the next node's first character; answer without escaping it all.
  peek: (node: Text) => escapeInline(node.value.slice(0, 2)),
}) satisfies Handle;

const link = Object.assign(
  (node: Link, _parent: unknown, state: Parameters<Handle>[2], info: Parameters<Handle>[3]) => {
    const label = state.containerPhrasing(node, { ...info, before: '[', after: ']' });
    return `[${label}](${linkDestination(node.url)})`;
  },
  { peek: () => '[' },
) satisfies Handle;

const GFM_TABLE = gfmTableToMarkdown();

/** The serialiser's settings; `serialize` adds only a faster way to the same table output. */
export const MARKDOWN_OPTIONS = {
  extensions: [GFM_TABLE],
  handlers: { text, link },
  bullet: '-',
  emphasis: '_',
  strong: '*',
  listItemIndent: 'one',
} as const satisfies Options;

const isText = (node: PhrasingContent): node is Text => node.type === 'text';

/**
 * The GFM table handler, with one shortcut. It writes each cell through the generic phrasing
 * machinery (peeks, position trackers, emphasis pairing), the largest cost of rendering a
 * 10,000-row README. For a cell of text nodes only, that machinery returns the text handler's
 * output joined, so the shortcut returns exactly that; other cells take the generic way.
 */
const table = ((node: Table, parent: Parameters<Handle>[1], state: State, info: Parameters<Handle>[3]) => {
  const generic = state.containerPhrasing;
  state.containerPhrasing = (container, containerInfo) =>
    container.type === 'tableCell' && container.children.every(isText)
      ? container.children.reduce((out, child) => out + escapeLineStarts(escapeInline(child.value), /[\r\n]$/.test(out)), '')
      : generic.call(state, container, containerInfo);
  try {
    return GFM_TABLE.handlers!.table!(node, parent, state, info);
  } finally {
    state.containerPhrasing = generic;
  }
}) satisfies Handle;

export function serialize(tree: Root): string {
  return toMarkdown(tree, { ...MARKDOWN_OPTIONS, handlers: { ...MARKDOWN_OPTIONS.handlers, table } });
}
