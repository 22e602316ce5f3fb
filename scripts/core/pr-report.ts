/**
 * The pull-request report, pure: which README rows a branch adds, changes, moves or removes —
 * base rows rendered from the base's DATA, never read from its README, so a README not yet
 * regenerated on main cannot credit a branch with rows it did not touch — and which generated
 * regions of README.md the branch edited by hand.
 */
import { diagnostic, type Diagnostic } from './diagnostic.ts';
import { findRegions } from './render/regions.ts';
import { cellKey, type Cell, type Row } from './render/rows.ts';

/** A generated file: what is on disk and what the data produces (the pipeline's GeneratedFile). */
interface Generated {
  path: string;
  current: string;
  expected: string;
}

/** What a branch is compared with. */
export interface ComparedWith {
  /** The ref the user named, e.g. origin/main. */
  ref: string;
  /** The merge-base of HEAD and `ref`. */
  commit: string;
}

/** The base side: its rows, or — when its data cannot be rendered — only which ids it had, and why. */
export type BaseRows = { rows: readonly Row[] } | { problem: string; ids: ReadonlySet<string> };

export interface CellChange {
  column: string;
  /** Absent when the column exists on one side only (a row moved to a table with other columns). */
  before?: Cell;
  after?: Cell;
}

export interface ChangedRow {
  before: Row;
  after: Row;
  /** Empty when only the section changed. */
  cells: CellChange[];
}

export interface RowReport {
  /** Why the base rows could not be rendered; then only ids the base lacks are listed (as added). */
  baseProblem?: string;
  added: Row[];
  /** Includes rows moved to another section (see `isMoved`). */
  changed: ChangedRow[];
  removed: Row[];
}

export const isMoved = (change: ChangedRow): boolean => change.before.section !== change.after.section;

export function compareRows(base: BaseRows, head: readonly Row[]): RowReport {
  if ('problem' in base) return { baseProblem: base.problem, added: head.filter((r) => !base.ids.has(r.id)), changed: [], removed: [] };
  const before = new Map(base.rows.map((r) => [r.id, r]));
  const headIds = new Set(head.map((r) => r.id));
  const report: RowReport = { added: [], changed: [], removed: base.rows.filter((r) => !headIds.has(r.id)) };
  for (const after of head) {
    const was = before.get(after.id);
    if (!was) {
      report.added.push(after);
      continue;
    }
    const cells = cellChanges(was, after);
    if (cells.length > 0 || was.section !== after.section) report.changed.push({ before: was, after, cells });
  }
  return report;
}

/** Cells compared by column title, in the new row's column order, then columns the new row lacks. */
function cellChanges(before: Row, after: Row): CellChange[] {
  const columns = [...new Set([...after.cells, ...before.cells].map((c) => c.column))];
  return columns.flatMap((column) => {
    const was = before.cells.find((c) => c.column === column);
    const now = after.cells.find((c) => c.column === column);
    if (cellKey(was) === cellKey(now)) return [];
    return [{ column, ...(was ? { before: was } : {}), ...(now ? { after: now } : {}) }];
  });
}

/**
 * Generated regions this branch changed (relative to the merge-base README) into something the
 * head data does not produce. A README rebuilt by `npm run build` passes; so does one left alone.
 * Each is located at the first line the branch wrote that neither base nor data has.
 */
export function handEdits(readme: Generated, mergeBaseReadme: string | undefined): Diagnostic[] {
  const { current } = readme;
  const base = regionLines(mergeBaseReadme ?? '');
  const produced = regionLines(readme.expected);
  return [...findRegions(current).regions.values()].flatMap((region) => {
    const lines = current.slice(region.start, region.end).split('\n');
    const before = base.get(region.name) ?? [];
    const wanted = produced.get(region.name) ?? [];
    if (sameContent(lines, before) || sameContent(lines, wanted)) return [];
    return [
      diagnostic('readme/hand-edited', {
        file: readme.path,
        // Line 0 of a region body is the rest of its BEGIN marker line.
        at: { line: region.line + editedLine(lines, before, wanted), column: 1 },
        message: `the generated "${region.name}" region was edited by hand: this line is not what data/ produces`,
        hint: 'edit data/datasets/*.yaml instead and drop this change to README.md (it is rebuilt on main after merge), or run `npm run build` and commit the README.md it writes',
      }),
    ];
  });
}

function regionLines(text: string): Map<string, string[]> {
  return new Map([...findRegions(text).regions.values()].map((r) => [r.name, text.slice(r.start, r.end).split('\n')]));
}

/** Equal but for the blank lines that frame a region's body. */
function sameContent(a: readonly string[], b: readonly string[]): boolean {
  return a.join('\n').trim() === b.join('\n').trim();
}

/**
 * Index of the first line in the window the branch changed (common head and tail with the base
 * cut off) that is in neither the base nor the generated region; failing that, the window's start.
 */
function editedLine(lines: readonly string[], base: readonly string[], wanted: readonly string[]): number {
  let head = 0;
  while (head < lines.length && head < base.length && lines[head] === base[head]) head++;
  let tail = 0;
  while (tail < lines.length - head && tail < base.length - head && lines[lines.length - 1 - tail] === base[base.length - 1 - tail]) tail++;
  const known = new Set([...base, ...wanted]);
  for (let i = head; i < lines.length - tail; i++) if (!known.has(lines[i]!)) return i;
  return Math.min(Math.max(head, 1), lines.length - 1);
}
