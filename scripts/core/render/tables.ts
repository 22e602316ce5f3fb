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

function datasetCell(dataset: Dataset): TableCell {
  const children: PhrasingContent[] = [{ type: 'strong', children: [text(dataset.name)] }];
  // The year adds nothing when the name already carries it (BraTS 2018).
  if (dataset.year !== undefined && !dataset.name.includes(String(dataset.year))) {
    children.push({ type: 'text', value: ` (${dataset.year})` });
  }
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

function datasetRow(dataset: Dataset, vocabularies: Vocabularies, withOrgan: boolean): TableRow {
  const cells = [
    datasetCell(dataset),
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

export function datasetTable(datasets: readonly Dataset[], vocabularies: Vocabularies, withOrgan: boolean): Table {
  const header: TableRow = {
    type: 'tableRow',
    children: (withOrgan ? COLUMNS_WITH_ORGAN : COLUMNS).map((title) => cell([{ type: 'text', value: title }])),
  };
  return {
    type: 'table',
    align: [],
    children: [header, ...datasets.map((dataset) => datasetRow(dataset, vocabularies, withOrgan))],
  };
}
