/**
 * Renders the README's generated regions from the catalog: a contents list with per-section
 * counts, and per section a heading and a table. Same data → same bytes on any machine.
 */
import { createHash } from 'node:crypto';
import GithubSlugger from 'github-slugger';
import type { Heading, List, ListItem, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Section, SectionPlan } from '../config.ts';
import { compareCodeUnits, diagnostic, START, type Diagnostic } from '../diagnostic.ts';
import type { Home } from '../home.ts';
import { datasetLinks, type Dataset } from '../model.ts';
import type { Vocabularies } from '../vocabulary.ts';
import { findersRegion } from './finders.ts';
import { serialize } from './markdown.ts';
import { findRegions, replaceRegions } from './regions.ts';
import { datasetTable, withdrawnTable, type RowContext } from './tables.ts';

export const REGION_NAMES = ['contents', 'datasets'] as const;
/** Rendered where the README has its markers, left out where it has none (a README of another shape). */
export const OPTIONAL_REGION_NAMES = ['finders'] as const;

/**
 * Sections the contents list leaves out, as awesome lists do: they are about the list, not in it
 * (awesome-lint's toc rule refuses them in the contents).
 */
export const UNLISTED_SECTIONS = new Set(['Contributing', 'Footnotes']);

export function sectionHeading(section: Section): Heading {
  return { type: 'heading', depth: 2, children: [{ type: 'text', value: `${section.emoji} ${section.title}` }] };
}

type Group = { section: Section; datasets: Dataset[] };

/**
 * Reading order: by name, locale-free, except that members of a family stay together (ordered
 * by name among themselves) at the place of their first member.
 */
export function readingOrder(datasets: readonly Dataset[]): Dataset[] {
  const lower = (d: Dataset) => d.name.toLowerCase();
  const familyKey = new Map<string, string>();
  for (const d of datasets) {
    if (d.family === undefined) continue;
    const current = familyKey.get(d.family);
    if (current === undefined || compareCodeUnits(lower(d), current) < 0) familyKey.set(d.family, lower(d));
  }
  const key = (d: Dataset) => (d.family !== undefined ? familyKey.get(d.family)! : lower(d));
  return [...datasets].sort(
    (a, b) =>
      compareCodeUnits(key(a), key(b)) ||
      compareCodeUnits(a.family ?? '', b.family ?? '') ||
      compareCodeUnits(lower(a), lower(b)) ||
      compareCodeUnits(a.id, b.id),
  );
}

/** The appendix section for withdrawn datasets (not configurable: it is not an organ section). */
export const WITHDRAWN_SECTION: Section = { id: 'withdrawn', title: 'Withdrawn datasets', emoji: '🗄️', organs: [], catchAll: false };

/**
 * Datasets grouped by the section of their first organ; sections in configured order, empty
 * ones dropped; withdrawn datasets last, in their own appendix.
 */
export function groupBySection(datasets: readonly Dataset[], plan: SectionPlan): Group[] {
  const members = new Map<Section, Dataset[]>([...plan.sections, WITHDRAWN_SECTION].map((s) => [s, []]));
  for (const dataset of readingOrder(datasets)) {
    const section = dataset.status === 'withdrawn' ? WITHDRAWN_SECTION : plan.sectionOf(dataset.organs[0]!)!;
    members.get(section)?.push(dataset);
  }
  return [...members].map(([section, datasets]) => ({ section, datasets })).filter((g) => g.datasets.length > 0);
}

/**
 * Rendered sections by a hash of everything they are made of. Serialising tables is the most
 * expensive step of a large build; an unchanged section is taken from here instead. The commands
 * keep it in the folder of the running code's version (io/cache-store.ts), so new code starts afresh.
 */
export interface RenderCache {
  get(key: string): string | undefined;
  set(key: string, markdown: string): void;
}

/** The table of one section as the README shows it (the pull-request report compares its rows). */
export function sectionTable(section: Section, datasets: readonly Dataset[], vocabularies: Vocabularies, context: RowContext): Table {
  return section === WITHDRAWN_SECTION ? withdrawnTable(datasets, vocabularies) : datasetTable(datasets, vocabularies, section.catchAll, context);
}

/**
 * Links compared as a reader (and awesome-lint's double-link rule) sees them: scheme, `www.`,
 * case of the host, a trailing slash and default ports do not make another page; the fragment
 * does (ISIC's `#2018` and `#2019` are two entries of one page).
 */
export function linkKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname.replace(/^www\./, '')}${u.port ? `:${u.port}` : ''}${u.pathname.replace(/\/+$/, '')}${u.search}${u.hash}`;
  } catch {
    return url;
  }
}

/**
 * What every row needs from the whole page: names by id (a superseded dataset's row names its
 * successor) and, for each link several datasets share, the first row in page order that has
 * it — that row links it, the others name that row.
 */
export function rowContext(groups: readonly { datasets: readonly Dataset[] }[], home?: Home): RowContext {
  const all = groups.flatMap((g) => g.datasets);
  const names = new Map(all.map((d) => [d.id, d.name] as const));
  const first = new Map<string, Dataset>();
  for (const dataset of all) {
    if (dataset.status === 'withdrawn') continue;
    for (const { url } of datasetLinks(dataset)) if (!first.has(linkKey(url))) first.set(linkKey(url), dataset);
  }
  return { nameOf: (id) => names.get(id), linkedBy: (url) => first.get(linkKey(url)), home };
}

function sectionMarkdown(section: Section, datasets: readonly Dataset[], vocabularies: Vocabularies, context: RowContext): string {
  const table = sectionTable(section, datasets, vocabularies, context);
  const lead: RootContent[] =
    section === WITHDRAWN_SECTION
      ? [{ type: 'paragraph', children: [{ type: 'text', value: 'Kept on record so that citations can be traced; their data can no longer be obtained.' }] }]
      : [];
  return serialize({ type: 'root', children: [sectionHeading(section), ...lead, table] }).trimEnd();
}

function sectionKey(section: Section, datasets: readonly Dataset[], vocabularies: Vocabularies, context: RowContext): string {
  const successors = datasets.flatMap((d) => (d.supersededBy ? [[d.supersededBy, context.nameOf(d.supersededBy)]] : []));
  // A row names the row that links what it shares: that row's name is part of this section.
  const sharedWith = datasets.flatMap((d) => datasetLinks(d).map(({ url }) => context.linkedBy(url)?.name));
  const labels = Object.values(vocabularies).map((v) => [...v.terms.values()].map((term) => [term.key, term.label, term.marker]));
  return createHash('sha256').update(JSON.stringify([section, datasets, successors, sharedWith, labels, context.home ?? null])).digest('base64url');
}

/** Each section is serialised on its own (blank lines between, as one document would have them), so it can be cached. */
function datasetsRegion(groups: readonly Group[], vocabularies: Vocabularies | undefined, cache?: RenderCache, home?: Home): string {
  if (!vocabularies) return serialize({ type: 'root', children: groups.map(({ section }) => sectionHeading(section)) });
  const context = rowContext(groups, home);
  const parts = groups.map(({ section, datasets }) => {
    if (!cache) return sectionMarkdown(section, datasets, vocabularies, context);
    const key = sectionKey(section, datasets, vocabularies, context);
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const markdown = sectionMarkdown(section, datasets, vocabularies, context);
    cache.set(key, markdown);
    return markdown;
  });
  return `${parts.join('\n\n')}\n`;
}

/**
 * The contents list links every level-2 heading after the contents region, with GitHub's
 * anchors. github-slugger numbers repeated titles as GitHub does, so it must see every heading
 * of the page in order: they are read from an outline of the README whose datasets region holds
 * only the section headings (parsing the full tables would cost seconds for large catalogs).
 */
function contentsRegion(outline: string, contentsEnd: number, groups: readonly Group[], total: number): string {
  const counts = new Map(groups.map(({ section, datasets }) => [toString(sectionHeading(section)), datasets.length]));
  const slugger = new GithubSlugger();
  const items: ListItem[] = [];
  visit(unified().use(remarkParse).parse(outline), 'heading', (heading: Heading) => {
    const title = toString(heading);
    const slug = slugger.slug(title);
    if (heading.depth !== 2 || heading.position!.start.offset! < contentsEnd || UNLISTED_SECTIONS.has(title)) return;
    const count = counts.get(title);
    items.push({
      type: 'listItem',
      spread: false,
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'link', url: `#${slug}`, children: [{ type: 'text', value: title }] },
            ...(count === undefined ? [] : [{ type: 'text' as const, value: ` (${count})` }]),
          ],
        },
      ],
    });
  });
  const list: List = { type: 'list', ordered: false, spread: false, children: items };
  const lead: Root['children'][number] = {
    type: 'paragraph',
    children: [
      { type: 'strong', children: [{ type: 'text', value: `${total} datasets` }] },
      { type: 'text', value: ` in ${groups.filter((g) => g.section !== WITHDRAWN_SECTION).length} sections:` },
    ],
  };
  return serialize({ type: 'root', children: [lead, list] });
}

export interface ReadmeInput {
  file: string;
  text: string;
  datasets: readonly Dataset[];
  plan: SectionPlan;
  vocabularies: Vocabularies;
  cache?: RenderCache;
  /** The repository and site the README links to (package.json); without it those links are left out. */
  home?: Home | undefined;
}

export function renderReadme(input: ReadmeInput): { text?: string; diagnostics: Diagnostic[] } {
  const { file, text } = input;
  const { regions, problems } = findRegions(text);
  const diagnostics: Diagnostic[] = problems.map((p) =>
    diagnostic('readme/missing-region', { file, at: { line: p.line, column: 1 }, message: p.message }),
  );
  for (const name of REGION_NAMES) {
    if (!regions.has(name)) {
      diagnostics.push(
        diagnostic('readme/missing-region', {
          file,
          at: START,
          message: `README.md has no "${name}" region`,
          hint: `add a line <!-- BEGIN ${name} --> and, below it, <!-- END ${name} --> where the ${name} belong`,
        }),
      );
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  // In page order, as awesome lists have them: finders and legend, contents, then the tables.
  for (const [before, after] of [['finders', 'contents'], ['contents', 'datasets']] as const) {
    const region = regions.get(before);
    if (region && region.start > regions.get(after)!.start) {
      return {
        diagnostics: [
          diagnostic('readme/missing-region', {
            file,
            at: { line: region.line, column: 1 },
            message: `the ${before} region must come before the ${after} region`,
          }),
        ],
      };
    }
  }

  const groups = groupBySection(input.datasets, input.plan);
  const outline = replaceRegions(text, regions, { finders: '', contents: '', datasets: datasetsRegion(groups, undefined) });
  const outlineRegions = findRegions(outline).regions;
  const listed = input.datasets.filter((d) => d.status !== 'withdrawn').length;
  const contentsList = contentsRegion(outline, outlineRegions.get('contents')!.end, groups, listed);
  return {
    text: replaceRegions(text, regions, {
      finders: findersRegion(readingOrder(input.datasets), input.vocabularies, input.home),
      contents: contentsList,
      datasets: datasetsRegion(groups, input.vocabularies, input.cache, input.home),
    }),
    diagnostics: [],
  };
}
