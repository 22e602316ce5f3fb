/**
 * The typed catalog: what a data file means once it has passed the schema. Everything after
 * validation (rules, rendering, exports) works on these types, never on raw YAML.
 */
import type { LoadedYaml } from './load.ts';

export type SizeUnit = 'subjects' | 'patients' | 'scans' | 'studies' | 'images' | 'slides' | 'volumes';

export interface Size {
  count: number;
  unit: SizeUnit;
  approx: boolean;
  lowerBound: boolean;
  note?: string;
}

export interface Modality {
  term: string;
  subtypes: string[];
}

export type License =
  | { kind: 'spdx'; id: string }
  | { kind: 'unknown' }
  /** The official pages were read and state no licence: a fact, unlike `unknown` (not checked yet). */
  | { kind: 'none-stated' }
  | { kind: 'custom'; name: string; url?: string };

export const LINK_FIELDS = ['homepage', 'download', 'paper', 'code'] as const;
export type LinkField = (typeof LINK_FIELDS)[number];
export type Links = { homepage: string } & Partial<Record<Exclude<LinkField, 'homepage'>, string>>;

/** A field a source can support (the schema's `sourcedField`). */
export type SourcedField =
  | 'name' | 'aliases' | 'organs' | 'tasks' | 'modalities' | 'size' | 'labels' | 'description'
  | 'homepage' | 'download' | 'paper' | 'code' | 'year' | 'license' | 'access' | 'status';

/** One page read for this dataset: which fields it supports, and when it was read. */
export interface Source {
  url: string;
  supports: SourcedField[];
  /** YYYY-MM-DD. */
  checked: string;
  note?: string;
}

export type Status = 'active' | 'unavailable' | 'superseded' | 'withdrawn';

export interface Dataset {
  id: string;
  name: string;
  aliases: string[];
  family?: string;
  version?: string;
  organs: string[];
  tasks: string[];
  modalities: Modality[];
  size: Size[];
  labels: string;
  description: string;
  /** The README row's one line, when the description is longer than a row can show. */
  summary?: string;
  links: Links;
  year?: number;
  license: License;
  access: string;
  status: Status;
  supersededBy?: string;
  lastVerified?: string;
  /** Facts present here that the sources could not confirm; readers see them marked. */
  unconfirmed: UnconfirmedFact[];
  notes?: string;
  sources: Source[];
}

export type UnconfirmedFact = 'homepage' | 'download' | 'paper' | 'code' | 'year' | 'size' | 'license' | 'access';

/** A dataset together with the file it came from, so rules can point back into the YAML. */
export interface DatasetRecord {
  dataset: Dataset;
  source: LoadedYaml;
}

/** The shape the schema guarantees; only used to convert into Dataset. */
interface RawDataset {
  id: string;
  name: string;
  aliases?: string[];
  family?: string;
  version?: string;
  organs: string[];
  tasks: string[];
  modalities: (string | Record<string, string[]>)[];
  size: { count: number; unit: SizeUnit; approx?: boolean; qualifier?: '>'; note?: string }[];
  labels: string;
  description: string;
  summary?: string;
  links: Links;
  year?: number;
  license: string | { custom: string; url?: string };
  access: string;
  status?: Status;
  superseded_by?: string;
  last_verified?: string;
  unconfirmed?: UnconfirmedFact[];
  notes?: string;
  sources?: Source[];
}

/** Converts a schema-valid value; call only after the schema accepted it. */
export function toDataset(value: unknown): Dataset {
  const raw = value as RawDataset;
  const dataset: Dataset = {
    id: raw.id,
    name: raw.name,
    aliases: raw.aliases ?? [],
    organs: raw.organs,
    tasks: raw.tasks,
    modalities: raw.modalities.map(toModality),
    size: raw.size.map((s) => ({
      count: s.count,
      unit: s.unit,
      approx: s.approx ?? false,
      lowerBound: s.qualifier === '>',
      ...(s.note !== undefined ? { note: s.note } : {}),
    })),
    labels: raw.labels,
    description: raw.description,
    links: raw.links,
    license: toLicense(raw.license),
    access: raw.access,
    status: raw.status ?? 'active',
    unconfirmed: raw.unconfirmed ?? [],
    sources: raw.sources ?? [],
  };
  if (raw.summary !== undefined) dataset.summary = raw.summary;
  if (raw.family !== undefined) dataset.family = raw.family;
  if (raw.version !== undefined) dataset.version = raw.version;
  if (raw.superseded_by !== undefined) dataset.supersededBy = raw.superseded_by;
  if (raw.last_verified !== undefined) dataset.lastVerified = raw.last_verified;
  if (raw.year !== undefined) dataset.year = raw.year;
  if (raw.notes !== undefined) dataset.notes = raw.notes;
  return dataset;
}

function toModality(entry: string | Record<string, string[]>): Modality {
  if (typeof entry === 'string') return { term: entry, subtypes: [] };
  const [term, subtypes] = Object.entries(entry)[0]!;
  return { term, subtypes };
}

/** How a data file says "read the official pages; they state no licence". */
export const NONE_STATED = 'none-stated';

function toLicense(license: RawDataset['license']): License {
  if (typeof license !== 'string') {
    return { kind: 'custom', name: license.custom, ...(license.url !== undefined ? { url: license.url } : {}) };
  }
  if (license === 'unknown') return { kind: 'unknown' };
  if (license === NONE_STATED) return { kind: 'none-stated' };
  return { kind: 'spdx', id: license };
}

export interface DatasetLink {
  field: LinkField | 'license.url';
  /** Where it sits in the YAML. */
  path: string[];
  url: string;
}

/** Every link of a dataset with the field it sits in and its path in the YAML, in schema order. */
export function datasetLinks(dataset: Pick<Dataset, 'links' | 'license'>): DatasetLink[] {
  const links: DatasetLink[] = [];
  for (const field of LINK_FIELDS) {
    const url = dataset.links[field];
    if (url !== undefined) links.push({ field, path: ['links', field], url });
  }
  if (dataset.license.kind === 'custom' && dataset.license.url !== undefined) {
    links.push({ field: 'license.url', path: ['license', 'url'], url: dataset.license.url });
  }
  return links;
}

type ParsedLink = { field: LinkField | 'license.url'; path: string[]; url: string; parsed: URL };
const parsedLinksOf = new WeakMap<Dataset, readonly ParsedLink[]>();

/** The links of a dataset that WHATWG URL can read (as browsers do), with the reading; read once per dataset for all the rules that ask. */
export function parsedLinks(dataset: Dataset): readonly ParsedLink[] {
  let links = parsedLinksOf.get(dataset);
  if (!links) {
    links = datasetLinks(dataset).flatMap((link) => {
      try {
        return [{ ...link, parsed: new URL(link.url) }];
      } catch {
        return []; // not a URL a browser opens: the schema's format check and the link checker say so
      }
    });
    parsedLinksOf.set(dataset, links);
  }
  return links;
}

/**
 * datasetLinks of a data file's value that may not validate (the file as it was at an older
 * commit): whatever link fields and custom licence URL it has, strings only.
 */
export function datasetLinksOfValue(value: unknown): DatasetLink[] {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as { links?: unknown; license?: unknown };
  const links = (typeof raw.links === 'object' && raw.links !== null ? raw.links : {}) as Links;
  const license: License = typeof raw.license === 'object' && raw.license !== null ? toLicense(raw.license as RawDataset['license']) : { kind: 'unknown' };
  return datasetLinks({ links, license }).filter((link) => typeof link.url === 'string');
}
