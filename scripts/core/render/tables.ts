/**
 * One GFM table per README section, built as an mdast tree so that escaping is done by the
 * serialiser and nothing a data file contains can break a row or inject HTML.
 */
import type { PhrasingContent, Table, TableCell, TableRow } from 'mdast';
import { LINK_FIELDS, type Dataset } from '../model.ts';
import type { Vocabularies } from '../vocabulary.ts';
import {
  accessText,
  cellText,
  LINK_LABELS,
  licenseText,
  modalitiesCell,
  organsCell,
  sizeCell,
  tasksCell,
} from './cells.ts';

/** The original list's columns; Access holds the tier, the licence and the links. */
export const COLUMNS = ['Dataset', 'Task(s)', 'Modality', 'Size', 'Labels', 'Description', 'Access'];
export const COLUMNS_WITH_ORGAN = ['Dataset', 'Organ', ...COLUMNS.slice(1)];

const text = (value: string): PhrasingContent => ({ type: 'text', value: cellText(value) });
const cell = (children: PhrasingContent[]): TableCell => ({ type: 'tableCell', children });
const separator = (): PhrasingContent => ({ type: 'text', value: ' · ' });

/** How a non-active dataset is marked next to its name, so readers are not sent to dead ends. */
export function statusText(dataset: Dataset, nameOf: (id: string) => string | undefined): string | undefined {
  switch (dataset.status) {
    case 'active':
      return undefined;
    case 'unavailable':
      return 'currently unavailable';
    case 'superseded':
      return `superseded by ${nameOf(dataset.supersededBy ?? '') ?? dataset.supersededBy}`;
    case 'withdrawn':
      return 'withdrawn';
  }
}

function datasetCell(dataset: Dataset, nameOf: (id: string) => string | undefined): TableCell {
  const children: PhrasingContent[] = [{ type: 'strong', children: [text(dataset.name)] }];
  // The year adds nothing when the name already carries it (BraTS 2018).
  if (dataset.year !== undefined && !dataset.name.includes(String(dataset.year))) {
    children.push({ type: 'text', value: ` (${dataset.year})` });
  }
  const status = statusText(dataset, nameOf);
  if (status) children.push({ type: 'text', value: ' ' }, { type: 'emphasis', children: [text(`(${status})`)] });
  return cell(children);
}

/** `Open · CC-BY-4.0 · Home · Data · Paper` — how to get it, on what terms, and where. */
function accessCell(dataset: Dataset, vocabularies: Vocabularies): TableCell {
  const license = dataset.license;
  const licenseNode: PhrasingContent =
    license.kind === 'unknown'
      ? { type: 'emphasis', children: [text(licenseText(license))] }
      : license.kind === 'custom' && license.url
        ? { type: 'link', url: license.url, children: [text(licenseText(license))] }
        : text(licenseText(license));
  const access = text(accessText(dataset, vocabularies));
  const accessNode: PhrasingContent = dataset.access === 'unknown' ? { type: 'emphasis', children: [access] } : access;
  const children: PhrasingContent[] = [accessNode, separator(), licenseNode];
  for (const field of LINK_FIELDS) {
    const url = dataset.links[field];
    if (url === undefined) continue;
    children.push(separator(), { type: 'link', url, children: [{ type: 'text', value: LINK_LABELS[field] }] });
  }
  return cell(children);
}

function datasetRow(dataset: Dataset, vocabularies: Vocabularies, withOrgan: boolean, nameOf: (id: string) => string | undefined): TableRow {
  const cells = [
    datasetCell(dataset, nameOf),
    ...(withOrgan ? [cell([text(organsCell(dataset, vocabularies))])] : []),
    cell([text(tasksCell(dataset, vocabularies))]),
    cell([text(modalitiesCell(dataset, vocabularies))]),
    cell([text(sizeCell(dataset))]),
    cell([text(dataset.labels)]),
    cell([text(dataset.description)]),
    accessCell(dataset, vocabularies),
  ];
  return { type: 'tableRow', children: cells };
}

export function datasetTable(
  datasets: readonly Dataset[],
  vocabularies: Vocabularies,
  withOrgan: boolean,
  nameOf: (id: string) => string | undefined = () => undefined,
): Table {
  const header: TableRow = {
    type: 'tableRow',
    children: (withOrgan ? COLUMNS_WITH_ORGAN : COLUMNS).map((title) => cell([{ type: 'text', value: title }])),
  };
  return {
    type: 'table',
    align: [],
    children: [header, ...datasets.map((dataset) => datasetRow(dataset, vocabularies, withOrgan, nameOf))],
  };
}

export const WITHDRAWN_COLUMNS = ['Dataset', 'Organ', 'Description', 'Last verified', 'Notes'];

/** Withdrawn datasets stay on record, without links that would send readers to dead ends. */
export function withdrawnTable(datasets: readonly Dataset[], vocabularies: Vocabularies): Table {
  const row = (cells: PhrasingContent[][]): TableRow => ({ type: 'tableRow', children: cells.map(cell) });
  return {
    type: 'table',
    align: [],
    children: [
      row(WITHDRAWN_COLUMNS.map((title) => [{ type: 'text', value: title }])),
      ...datasets.map((d) =>
        row([
          [{ type: 'strong', children: [text(d.name)] }],
          [text(organsCell(d, vocabularies))],
          [text(d.description)],
          [text(d.lastVerified ?? 'not recorded')],
          [text(d.notes ?? '')],
        ]),
      ),
    ],
  };
}
