/**
 * The README's dataset tables taken apart into rows, one per dataset, each cell the very mdast
 * the README table is serialised from: what the pull-request report compares, base against head.
 */
import type { PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { SectionPlan } from '../config.ts';
import type { Home } from '../home.ts';
import type { Dataset } from '../model.ts';
import type { Vocabularies } from '../vocabulary.ts';
import { groupBySection, rowContext, sectionHeading, sectionTable } from './readme.ts';

export interface Cell {
  /** The column's title, e.g. "Size". */
  column: string;
  content: PhrasingContent[];
}

export interface Row {
  id: string;
  name: string;
  /** The section's heading as the README shows it, e.g. "🧠 Brain". */
  section: string;
  cells: Cell[];
}

/** Every row of the README's dataset tables, in page order. */
export function readmeRows(datasets: readonly Dataset[], plan: SectionPlan, vocabularies: Vocabularies, home?: Home): Row[] {
  const groups = groupBySection(datasets, plan);
  const context = rowContext(groups, home);
  return groups.flatMap(({ section, datasets: members }) => {
    const [header, ...rows] = sectionTable(section, members, vocabularies, context).children;
    const columns = header!.children.map((cell) => toString(cell));
    const title = toString(sectionHeading(section));
    return rows.map((row, i) => ({
      id: members[i]!.id,
      name: members[i]!.name,
      section: title,
      cells: row.children.map((cell, j) => ({ column: columns[j]!, content: cell.children })),
    }));
  });
}

/**
 * Equal keys, equal cells. The mdast is built deterministically from the data, so comparing it
 * is comparing the markdown, without serialising thousands of cells nobody will see.
 */
export function cellKey(cell: Cell | undefined): string | undefined {
  return cell && JSON.stringify(cell.content);
}
