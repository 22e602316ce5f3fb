/**
 * One GFM table per README section, built as an mdast tree so that escaping is done by the
 * serialiser and nothing a data file contains can break a row or inject HTML.
 *
 * A row is compact — five short cells, one line of text — so a reader scans the list instead of
 * scrolling it. What does not fit (labels, the full description, further sizes, modality details,
 * notes) is one click away: the row's "Details" link opens the dataset's whole record.
 */
import type { PhrasingContent, Table, TableCell, TableRow } from 'mdast';
import { datasetPageUrl, type Home } from '../home.ts';
import type { Dataset, LinkField, UnconfirmedFact } from '../model.ts';
import { labelOf, type Vocabularies } from '../vocabulary.ts';
import { cellText, formatSize, LINK_LABELS, organsCell, rowText, shortLicenseText, shownAlias } from './cells.ts';

export const COLUMNS = ['Dataset', 'About', 'Modality · task · size', 'Access · links'];
export const COLUMNS_WITH_ORGAN = ['Dataset', 'About', 'Organ · modality · task · size', 'Access · links'];

/** Marks a fact that the sources could not confirm (`unconfirmed:` in the data file). */
export const UNCONFIRMED_MARKER = '⚠️';

/** Everything a row needs beyond its own dataset. */
export interface RowContext {
  /** Dataset names by id: a superseded dataset's row names its successor. */
  nameOf: (id: string) => string | undefined;
  /**
   * The dataset whose row carries a link, when several datasets share it (a family's homepage
   * and paper): each URL is linked once in the page, and the other rows name that row.
   */
  linkedBy: (url: string) => Dataset | undefined;
  home?: Home | undefined;
}

/**
 * Where a reader finds every fact of a dataset: its page on the site, or without a known
 * repository its data file (GitHub shows the YAML, relative links work in a clone too).
 */
export function detailsUrl(dataset: Dataset, home?: Home): string {
  return home ? datasetPageUrl(home, dataset.id) : `data/datasets/${dataset.id}.yaml`;
}

const text = (value: string): PhrasingContent => ({ type: 'text', value: cellText(value) });
const cell = (children: PhrasingContent[]): TableCell => ({ type: 'tableCell', children });
const link = (url: string, label: string): PhrasingContent => ({ type: 'link', url, children: [text(label)] });
const SEPARATOR = ' · ';

function hedge(dataset: Dataset, fact: UnconfirmedFact): PhrasingContent[] {
  return dataset.unconfirmed.includes(fact) ? [{ type: 'text', value: ` ${UNCONFIRMED_MARKER}` }] : [];
}

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

const ownsLink = (dataset: Dataset, url: string, context: RowContext) => (context.linkedBy(url) ?? dataset) === dataset;

/** `**[Name](homepage)** ⚠️ (2017) · aka _Best-known alias_ _(status)_` */
function datasetCell(dataset: Dataset, context: RowContext): TableCell {
  const name = text(dataset.name);
  const homepage = dataset.links.homepage;
  const children: PhrasingContent[] = [
    { type: 'strong', children: [ownsLink(dataset, homepage, context) ? { type: 'link', url: homepage, children: [name] } : name] },
    ...hedge(dataset, 'homepage'),
  ];
  // The year adds nothing when the name already carries it (BraTS 2018).
  if (dataset.year !== undefined && !dataset.name.includes(String(dataset.year))) {
    children.push({ type: 'text', value: ` (${dataset.year}` }, ...hedge(dataset, 'year'), { type: 'text', value: ')' });
  }
  const alias = shownAlias(dataset);
  if (alias !== undefined) children.push({ type: 'text', value: `${SEPARATOR}aka ` }, { type: 'emphasis', children: [text(alias)] });
  const status = statusText(dataset, context.nameOf);
  if (status) children.push({ type: 'text', value: ' ' }, { type: 'emphasis', children: [text(`(${status})`)] });
  return cell(children);
}

/**
 * `MRI, PET · Classification, Segmentation · >1,550 subjects`: what the data is. Labels only, and
 * the headline size (the first one given); sub-types and further sizes are in the details. One
 * cell rather than three: fewer, wider columns wrap into fewer lines.
 */
function kindCell(dataset: Dataset, vocabularies: Vocabularies, withOrgan: boolean): TableCell {
  const modalities = dataset.modalities.map((m) => labelOf(vocabularies.modality, m.term)).join(', ');
  const tasks = dataset.tasks.map((t) => labelOf(vocabularies.task, t)).join(', ');
  const size = formatSize(dataset.size[0]!, dataset);
  const parts = [...(withOrgan ? [organsCell(dataset, vocabularies)] : []), modalities, tasks, size];
  return cell([text(parts.join(SEPARATOR)), ...hedge(dataset, 'size')]);
}

const LINKED_FIELDS = ['download', 'paper', 'code'] as const satisfies readonly LinkField[];

/** `🟢 CC-BY-4.0 · Data · Paper · Details` — how to get it, on what terms, and where. */
function accessCell(dataset: Dataset, vocabularies: Vocabularies, context: RowContext): TableCell {
  const access = vocabularies.access.terms.get(dataset.access);
  const license = dataset.license;
  const licenseLabel = text(shortLicenseText(license));
  const children: PhrasingContent[] = [
    { type: 'text', value: access?.marker ?? labelOf(vocabularies.access, dataset.access) },
    ...hedge(dataset, 'access'),
    { type: 'text', value: ' ' },
    license.kind === 'custom' && license.url && ownsLink(dataset, license.url, context)
      ? { type: 'link', url: license.url, children: [licenseLabel] }
      : license.kind === 'unknown' || license.kind === 'none-stated'
        ? { type: 'emphasis', children: [licenseLabel] }
        : licenseLabel,
    ...hedge(dataset, 'license'),
  ];
  // Links another row carries already are named, not repeated: "Home, Paper: as MSD Task02 Heart".
  const elsewhere = new Map<string, string[]>();
  const shared = (field: LinkField, url: string) => {
    const owner = context.linkedBy(url)!;
    elsewhere.set(owner.name, [...(elsewhere.get(owner.name) ?? []), LINK_LABELS[field]]);
  };
  if (!ownsLink(dataset, dataset.links.homepage, context)) shared('homepage', dataset.links.homepage);
  for (const field of LINKED_FIELDS) {
    const url = dataset.links[field];
    if (url === undefined || url === dataset.links.homepage) continue;
    if (!ownsLink(dataset, url, context)) {
      shared(field, url);
      continue;
    }
    children.push({ type: 'text', value: SEPARATOR }, link(url, LINK_LABELS[field]), ...hedge(dataset, field));
  }
  for (const [owner, labels] of elsewhere) children.push({ type: 'text', value: `${SEPARATOR}${labels.join(', ')}: as ${owner}` });
  children.push({ type: 'text', value: SEPARATOR }, link(detailsUrl(dataset, context.home), 'Details'));
  return cell(children);
}

function datasetRow(dataset: Dataset, vocabularies: Vocabularies, withOrgan: boolean, context: RowContext): TableRow {
  return {
    type: 'tableRow',
    children: [
      datasetCell(dataset, context),
      cell([text(rowText(dataset))]),
      kindCell(dataset, vocabularies, withOrgan),
      accessCell(dataset, vocabularies, context),
    ],
  };
}

const noSharedLinks = () => undefined;

export function datasetTable(
  datasets: readonly Dataset[],
  vocabularies: Vocabularies,
  withOrgan: boolean,
  context: RowContext = { nameOf: () => undefined, linkedBy: noSharedLinks },
): Table {
  const header: TableRow = {
    type: 'tableRow',
    children: (withOrgan ? COLUMNS_WITH_ORGAN : COLUMNS).map((title) => cell([{ type: 'text', value: title }])),
  };
  return {
    type: 'table',
    align: [],
    children: [header, ...datasets.map((dataset) => datasetRow(dataset, vocabularies, withOrgan, context))],
  };
}

export const WITHDRAWN_COLUMNS = ['Dataset', 'Organ', 'About', 'Last verified', 'Notes'];

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
          [text(rowText(d))],
          [text(d.lastVerified ?? 'not recorded')],
          [text(d.notes ?? '')],
        ]),
      ),
    ],
  };
}
