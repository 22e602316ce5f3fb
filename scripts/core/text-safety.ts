/**
 * The neutralisers for text that came from data or from an issue form on its way to an output.
 * Every reporter uses these and none replaces characters on its own, so each output channel is
 * made safe in one place:
 *
 * - `visible`: characters that have no visible form and can act on the reader's screen (escape
 *   sequences, backspace, carriage return, bidi overrides, zero-width marks) spelled out as
 *   `\x1b`, `\u202e`, `\n` …, so one value is one line that shows what it holds.
 * - `terminalText`: `visible`, and the GitHub Actions log never reads it as a workflow command
 *   (any log line may be a terminal report).
 * - `inertMarkdown`: a markdown tree bound for GitHub (job summary, issue comment, pull request
 *   body) with its data text visible, and mentions and issue references shown as code: neither
 *   pings nor cross-links. The serialiser (render/markdown.ts) escapes markdown syntax.
 * - `jsonText`: JSON whose strings carry those characters as `\u` escapes: the same value for a
 *   JSON reader, no raw control or bidi character on a screen.
 */
import type { InlineCode, Nodes, PhrasingContent, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';

/**
 * Control characters (C0, DEL, C1), format characters (bidi embeddings, overrides, isolates and
 * marks; zero-width spaces and joiners; BOM; tags) and the line and paragraph separators.
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

/** `\x1b` for the 8-bit range, `\u202e` beyond it, `\u{e0041}` beyond the BMP: as JavaScript writes them. */
function spelled(char: string): string {
  const code = char.codePointAt(0)!;
  return NAMED[char] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 1)}}`);
}

/** Every invisible character spelled out; the result is one line. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, spelled);
}

/** `visible` line by line: for text whose line breaks are its own, e.g. a diff or a YAML file in a code block. */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

/**
 * Text for a terminal or a plain log line. The GitHub Actions runner reads `::name …::` at the
 * start of any line (after spaces) and the legacy `##[name]` anywhere in a line as workflow
 * commands — including `stop-commands`, `add-mask` and `error` — whatever the format; breaking
 * the two triggers keeps data a message.
 */
export function terminalText(text: string): string {
  return visible(text).replace(/^(\s*):(?=:)/, '$1\\x3a').replaceAll('##[', '##\\x5b');
}

/** `terminalText` line by line: for a message whose line breaks are its own (an error listing several problems). */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalText).join('\n');
}

/** Characters JSON.stringify leaves raw that a screen would act on (it escapes only C0 itself). */
const RAW_IN_JSON = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

/**
 * A JSON text with those characters as `\uXXXX` escapes (surrogate pairs beyond the BMP). Only
 * strings can hold them, so the value a JSON reader gets is unchanged.
 */
export function jsonText(json: string): string {
  return json.replace(RAW_IN_JSON, (char) => Array.from({ length: char.length }, (_, i) => `\\u${hex(char.charCodeAt(i), 4)}`).join(''));
}

/**
 * What GitHub links in comment text: `@user` and `@org/team` mentions (they notify), and `#123`,
 * `owner/repo#123` and `GH-123` references (they add a "mentioned this" event to that issue).
 * GitHub renders neither inside code, so each becomes a code span: the reader sees the same
 * characters, nobody is pinged, nothing is cross-linked. (A zero-width space after the `@` would
 * also stop the ping, but hide a character in the text the reader copies.) The boundaries are
 * drawn wider than GitHub's, so what GitHub would link is always caught.
 */
const LINKED = /(?<![A-Za-z0-9_])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][\w.-]*)?|(?<![A-Za-z0-9_&])(?:[\w.-]+\/[\w.-]+)?#\d+|(?<![A-Za-z0-9_])GH-\d+/giu;

function defused(value: string): PhrasingContent[] {
  const nodes: PhrasingContent[] = [];
  let last = 0;
  for (const match of value.matchAll(LINKED)) {
    if (match.index > last) nodes.push({ type: 'text', value: value.slice(last, match.index) } satisfies Text);
    nodes.push({ type: 'inlineCode', value: match[0] } satisfies InlineCode);
    last = match.index + match[0].length;
  }
  if (last < value.length) nodes.push({ type: 'text', value: value.slice(last) });
  return nodes;
}

/**
 * A markdown tree made safe to post on GitHub, in place: text and code spans visible (one line
 * each), code blocks visible line by line, mentions and references as code spans. Together with
 * the serialiser's escaping, no data can open a heading, list, table row, HTML tag or link.
 */
export function inertMarkdown<T extends Root>(tree: T): T {
  visit(tree as Nodes, (node, index, parent) => {
    if (node.type === 'code') node.value = visibleLines(node.value);
    else if (node.type === 'inlineCode') node.value = visible(node.value);
    else if (node.type === 'text' && parent && index !== undefined) {
      const value = visible(node.value);
      if (value.search(LINKED) === -1) {
        node.value = value;
        return undefined;
      }
      const replacement = defused(value);
      (parent.children as PhrasingContent[]).splice(index, 1, ...replacement);
      return index + replacement.length; // the new code spans are done
    }
    return undefined;
  });
  return tree;
}
