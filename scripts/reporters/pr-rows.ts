/**
 * The pull-request report's rows, three ways: markdown for the job summary and the bot's comment
 * (an mdast tree made inert, so serialize() does all escaping and no text pings anyone), plain
 * text for a terminal (every data text through terminalText), and plain data for --format json.
 */
import { styleText } from 'node:util';
import type { PhrasingContent, Root, RootContent, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { isMoved, type ChangedRow, type ComparedWith, type RowReport } from '../core/pr-report.ts';
import { serialize } from '../core/render/markdown.ts';
import type { Cell, Row } from '../core/render/rows.ts';
import { inertMarkdown, terminalText } from '../core/text-safety.ts';

const TITLE = 'README rows this change adds, changes or removes';

/** Why a removal is worth a second look; phrasing nodes, so both renderers can show the code span. */
const WITHDRAWN_ADVICE: PhrasingContent[] = [
  { type: 'text', value: 'Deleting a data file drops the dataset from the record. If the dataset was taken down, keep its file and set ' },
  { type: 'inlineCode', value: 'status: withdrawn' },
  {
    type: 'text',
    value:
      ': the README then lists it under "Withdrawn datasets", so citations can still be traced. Delete a file only for an entry that should never have been listed (a duplicate, or not a dataset).',
  },
];

const short = (commit: string) => commit.slice(0, 7);

function baseNote(problem: string, base: ComparedWith): string {
  return `the data at ${short(base.commit)} ${problem}, so only datasets whose id it lacks are listed (as added); changed and removed rows cannot be shown`;
}

function countLine(report: RowReport): string {
  const moved = report.changed.filter(isMoved).length;
  return `${report.added.length} added, ${report.changed.length} changed${moved > 0 ? ` (${moved} moved)` : ''}, ${report.removed.length} removed`;
}

/** One line for the end of a report: what was compared and what was found. */
export function rowReportLine(report: RowReport, base: ComparedWith): string {
  return `README rows compared with the data at ${short(base.commit)} (where HEAD left ${base.ref}): ${countLine(report)}`;
}

/** Rows in page order, grouped by their section. */
function bySection(rows: readonly Row[]): [string, Row[]][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(row.section, [...(groups.get(row.section) ?? []), row]);
  return [...groups];
}

// ---------------------------------------------------------------------------- markdown

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const tableRow = (cells: PhrasingContent[][]): TableRow => ({ type: 'tableRow', children: cells.map((children) => ({ type: 'tableCell', children })) });

function rowsTables(rows: readonly Row[]): RootContent[] {
  return bySection(rows).flatMap(([section, members]): RootContent[] => [
    { type: 'paragraph', children: [{ type: 'strong', children: [text(section)] }] },
    {
      type: 'table',
      align: [],
      children: [tableRow(members[0]!.cells.map((c) => [text(c.column)])), ...members.map((row) => tableRow(row.cells.map((c) => c.content)))],
    },
  ]);
}

function changedBlock(change: ChangedRow): RootContent[] {
  const where = isMoved(change) ? `moved from ${change.before.section} to ${change.after.section}` : change.after.section;
  const blocks: RootContent[] = [{ type: 'paragraph', children: [{ type: 'strong', children: [text(change.after.name)] }, text(` · ${where}`)] }];
  if (change.cells.length > 0) {
    blocks.push({
      type: 'table',
      align: [],
      children: [
        tableRow([[text('Column')], [text('Before')], [text('After')]]),
        ...change.cells.map((c) => tableRow([[text(c.column)], c.before?.content ?? [], c.after?.content ?? []])),
      ],
    });
  }
  return blocks;
}

/** The job summary: added and removed rows as the README shows them, changed rows as before/after cells. */
export function rowReportMarkdown(report: RowReport, base: ComparedWith): string {
  const children: RootContent[] = [
    { type: 'heading', depth: 3, children: [text(TITLE)] },
    {
      type: 'paragraph',
      children: [
        text('Rendered from the data at '),
        { type: 'inlineCode', value: short(base.commit) },
        text(', where this branch left '),
        { type: 'inlineCode', value: base.ref },
        text(`: ${countLine(report)}.`),
      ],
    },
  ];
  if (report.baseProblem) children.push({ type: 'paragraph', children: [{ type: 'strong', children: [text('Note:')] }, text(` ${baseNote(report.baseProblem, base)}.`)] });
  const section = (title: string, count: number, content: RootContent[]) => {
    if (count > 0) children.push({ type: 'heading', depth: 4, children: [text(`${title} (${count})`)] }, ...content);
  };
  section('Added', report.added.length, rowsTables(report.added));
  section('Changed', report.changed.length, report.changed.flatMap(changedBlock));
  section('Removed', report.removed.length, [
    ...rowsTables(report.removed),
    { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'strong', children: [text('Warning:')] }, text(' '), ...WITHDRAWN_ADVICE] }] },
  ]);
  return serialize(inertMarkdown({ type: 'root', children } satisfies Root));
}

// ---------------------------------------------------------------------------- terminal

type Style = Parameters<typeof styleText>[0];

/** A cell as plain text: emphasis dropped, each link's address kept after its label. */
function plain(nodes: readonly PhrasingContent[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'link') return `${plain(node.children)} <${node.url}>`;
      if (node.type === 'inlineCode') return `\`${node.value}\``;
      if ('children' in node) return plain(node.children as PhrasingContent[]);
      return toString(node);
    })
    .join('');
}

const cellText = (cell: Cell | undefined) => (cell ? terminalText(plain(cell.content)) : undefined);

/** `+ added    Zebra Brain Atlas  (🧠 Brain)`, and under a changed row its cells before and after. */
export function rowReportTerminal(report: RowReport, base: ComparedWith, { color }: { color: boolean }): string {
  const paint = (style: Style, value: string) => (color ? styleText(style, value) : value);
  const lines = [paint('bold', TITLE), paint('dim', `compared with the data at ${short(base.commit)}, where HEAD left ${base.ref}`)];
  if (report.baseProblem) lines.push(`${paint('yellow', 'note:')} ${baseNote(report.baseProblem, base)}`);
  if (report.added.length + report.changed.length + report.removed.length === 0) lines.push('no rows change');
  const entry = (mark: string, style: Style, what: string, name: string, where: string) =>
    `${paint(style, `${mark} ${what.padEnd(8)}`)} ${terminalText(name)}  ${paint('dim', `(${terminalText(where)})`)}`;
  for (const row of report.added) lines.push(entry('+', 'green', 'added', row.name, row.section));
  for (const change of report.changed) {
    const moved = isMoved(change);
    lines.push(entry('~', 'yellow', moved ? 'moved' : 'changed', change.after.name, moved ? `${change.before.section} → ${change.after.section}` : change.after.section));
    const width = Math.max(0, ...change.cells.map((c) => c.column.length));
    for (const cell of change.cells) {
      const label = terminalText(cell.column).padEnd(width);
      const before = cellText(cell.before);
      const after = cellText(cell.after);
      if (before !== undefined) lines.push(`    ${label}  ${paint('red', `- ${before}`)}`);
      if (after !== undefined) lines.push(`    ${before !== undefined ? ' '.repeat(width) : label}  ${paint('green', `+ ${after}`)}`);
    }
  }
  for (const row of report.removed) lines.push(entry('-', 'red', 'removed', row.name, row.section));
  if (report.removed.length > 0) lines.push(`  ${paint('yellow', 'warning:')} ${plain(WITHDRAWN_ADVICE)}`);
  return `${lines.join('\n')}\n\n`;
}

// ---------------------------------------------------------------------------- json

const markdownOf = (cell: Cell | undefined) => cell && serialize({ type: 'root', children: [{ type: 'paragraph', children: cell.content }] }).trimEnd();
const cellsOf = (row: Row) => Object.fromEntries(row.cells.map((c) => [c.column, markdownOf(c)]));
const rowData = (row: Row) => ({ id: row.id, name: row.name, section: row.section, cells: cellsOf(row) });

/** For --format json: each cell as the markdown the README holds. */
export function rowReportData(report: RowReport, base: ComparedWith) {
  return {
    base: { ref: base.ref, mergeBase: base.commit, ...(report.baseProblem ? { problem: report.baseProblem } : {}) },
    added: report.added.map(rowData),
    changed: report.changed.map((change) => ({
      id: change.after.id,
      name: change.after.name,
      section: change.after.section,
      ...(isMoved(change) ? { movedFrom: change.before.section } : {}),
      cells: change.cells.map((c) => ({ column: c.column, before: markdownOf(c.before) ?? null, after: markdownOf(c.after) ?? null })),
    })),
    removed: report.removed.map(rowData),
  };
}
