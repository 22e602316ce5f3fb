/**
 * Renders the README's generated regions from the catalog: a contents list with per-section
 * counts, and per section a heading and a table. Same data → same bytes on any machine.
 */
import GithubSlugger from 'github-slugger';
import type { Heading, List, ListItem, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Section, SectionPlan } from '../config.ts';
import { compareCodeUnits, diagnostic, START, type Diagnostic } from '../diagnostic.ts';
import type { Dataset } from '../model.ts';
import type { Vocabularies } from '../vocabulary.ts';
import { serialize } from './markdown.ts';
import { findRegions, replaceRegions } from './regions.ts';
import { datasetTable } from './tables.ts';

export const REGION_NAMES = ['contents', 'datasets'] as const;

export function sectionHeading(section: Section): Heading {
  return { type: 'heading', depth: 2, children: [{ type: 'text', value: `${section.emoji} ${section.title}` }] };
}

type Group = { section: Section; datasets: Dataset[] };

/** Datasets grouped by the section of their first organ; sections in configured order, empty ones dropped. */
export function groupBySection(datasets: readonly Dataset[], plan: SectionPlan): Group[] {
  const sorted = [...datasets].sort(
    (a, b) => compareCodeUnits(a.name.toLowerCase(), b.name.toLowerCase()) || compareCodeUnits(a.id, b.id),
  );
  const members = new Map<Section, Dataset[]>(plan.sections.map((s) => [s, []]));
  for (const dataset of sorted) members.get(plan.sectionOf(dataset.organs[0]!)!)?.push(dataset);
  return plan.sections.map((section) => ({ section, datasets: members.get(section)! })).filter((g) => g.datasets.length > 0);
}

function datasetsRegion(groups: readonly Group[], vocabularies: Vocabularies | undefined): string {
  const children: RootContent[] = groups.flatMap(({ section, datasets }) => [
    sectionHeading(section),
    ...(vocabularies ? [datasetTable(datasets, vocabularies, section.catchAll)] : []),
  ]);
  return serialize({ type: 'root', children });
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
    if (heading.depth !== 2 || heading.position!.start.offset! < contentsEnd) return;
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
      { type: 'text', value: ` in ${groups.length} sections:` },
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
  const contents = regions.get('contents')!;
  if (contents.start > regions.get('datasets')!.start) {
    return {
      diagnostics: [
        diagnostic('readme/missing-region', {
          file,
          at: { line: contents.line, column: 1 },
          message: 'the contents region must come before the datasets region',
        }),
      ],
    };
  }

  const groups = groupBySection(input.datasets, input.plan);
  const outline = replaceRegions(text, regions, { contents: '', datasets: datasetsRegion(groups, undefined) });
  const outlineRegions = findRegions(outline).regions;
  const contentsList = contentsRegion(outline, outlineRegions.get('contents')!.end, groups, input.datasets.length);
  return {
    text: replaceRegions(text, regions, { contents: contentsList, datasets: datasetsRegion(groups, input.vocabularies) }),
    diagnostics: [],
  };
}
