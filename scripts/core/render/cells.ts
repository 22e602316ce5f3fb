/**
 * The text of each README cell, derived from a dataset. Plain strings only: escaping is the
 * serialiser's job (mdast-util-to-markdown), so these functions stay readable and testable.
 */
import type { Dataset, License, Size } from '../model.ts';
import { normalizeTerm } from '../suggest.ts';
import { labelOf, type Vocabularies } from '../vocabulary.ts';

/** The one line of text a README row shows: longer descriptions need a `summary` (data/row-too-long). */
export const MAX_ROW_TEXT = 120;
/** The alias shown beside the name. */
export const MAX_ALIAS_SHOWN = 50;

/** What the compact row says about the dataset: its summary, or its description when that is short. */
export function rowText(dataset: Dataset): string {
  return dataset.summary ?? dataset.description;
}

/**
 * The best-known other name, shown beside the name so that searching the page for it finds the
 * row ("Human Connectome Project" → HCP Young Adult): the first alias, unless it is only the name
 * spelled otherwise or decorated (the name already finds it then).
 */
export function shownAlias(dataset: Dataset): string | undefined {
  const alias = dataset.aliases[0];
  if (alias === undefined) return undefined;
  const name = normalizeTerm(dataset.name);
  const other = normalizeTerm(alias);
  return name.includes(other) || other.includes(name) ? undefined : alias;
}

/** 1204 → "1,204": fixed separators, whatever the machine's locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const COUNTED_THINGS = new Set(['scans', 'images', 'volumes', 'studies', 'slides']);

/**
 * `>1,550 subjects`, `~1,200 subjects`, `1,204 CT scans (v1)`. The modality is named when the
 * dataset has a single one and the unit counts images rather than people.
 */
export function formatSize(size: Size, dataset: Dataset): string {
  const prefix = size.lowerBound ? '>' : size.approx ? '~' : '';
  const unit = size.count === 1 ? size.unit.replace(/s$/, '') : size.unit;
  const only = dataset.modalities.length === 1 ? dataset.modalities[0]!.term : undefined;
  const noun = only && COUNTED_THINGS.has(size.unit) ? `${only} ${unit}` : unit;
  const note = size.note ? ` (${size.note})` : '';
  return `${prefix}${formatCount(size.count)} ${noun}${note}`;
}

export function sizeCell(dataset: Dataset): string {
  return dataset.size.map((size) => formatSize(size, dataset)).join('; ');
}

export function tasksCell(dataset: Dataset, vocabularies: Vocabularies): string {
  return dataset.tasks.map((task) => labelOf(vocabularies.task, task)).join(', ');
}

export function modalitiesCell(dataset: Dataset, vocabularies: Vocabularies): string {
  return dataset.modalities
    .map(({ term, subtypes }) => {
      const label = labelOf(vocabularies.modality, term);
      return subtypes.length > 0 ? `${label} (${subtypes.join(', ')})` : label;
    })
    .join('; ');
}

export function organsCell(dataset: Dataset, vocabularies: Vocabularies): string {
  return dataset.organs.map((organ) => labelOf(vocabularies.organ, organ)).join(', ');
}

/**
 * What a licence that grants nothing says: the provider's pages were read and state none
 * (a fact), or nobody has checked yet (`unknown`). Never the same words: a reader must not take
 * "not checked" for "checked, none".
 */
export const NO_LICENCE_TEXT = { 'none-stated': 'no licence stated by the provider', unknown: 'licence not checked' } as const;

/** The short form a compact row shows: the SPDX id, "custom terms", or which kind of none. */
export function shortLicenseText(license: License): string {
  switch (license.kind) {
    case 'spdx':
      return license.id;
    case 'custom':
      return 'custom terms';
    case 'none-stated':
    case 'unknown':
      return NO_LICENCE_TEXT[license.kind];
  }
}

/** An unknown licence must read as unknown, never as a guess. */
export function licenseText(license: License): string {
  switch (license.kind) {
    case 'spdx':
      return license.id;
    case 'custom':
      return license.name;
    case 'none-stated':
    case 'unknown':
      return NO_LICENCE_TEXT[license.kind];
  }
}

export function accessText(dataset: Dataset, vocabularies: Vocabularies): string {
  return dataset.access === 'unknown' ? 'Access not checked' : labelOf(vocabularies.access, dataset.access);
}

export const LINK_LABELS = { homepage: 'Home', download: 'Data', paper: 'Paper', code: 'Code' } as const;

/**
 * Whatever a data file holds, a cell is one line of plain text: line breaks and control
 * characters become spaces (a newline would end the table row), and bidirectional overrides are
 * dropped (they can make a cell display something other than what it says).
 */
export function cellText(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
