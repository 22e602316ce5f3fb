/**
 * The top of the README, generated: how to read a row (the legend of its markers), the quick
 * finders — open download, commercial use allowed by the licence, per modality and per task —
 * and where to get the whole catalog. The finders are lists of names in collapsed sections, so
 * they work on GitHub and in any clone without the site; each term and a line of views also
 * link to the same views on the site, through its URL filters.
 */
import type { Paragraph, PhrasingContent, RootContent } from 'mdast';
import { exportUrl, issueFormUrl, type Home } from '../home.ts';
import { licenseClass } from '../license-class.ts';
import type { Dataset } from '../model.ts';
import type { Vocabularies, VocabularyName } from '../vocabulary.ts';
import { viewQuery, type Facet } from '../site/state.ts';
import { serialize } from './markdown.ts';
import { UNCONFIRMED_MARKER } from './tables.ts';

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (value: string): PhrasingContent => ({ type: 'text', value });
const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
const paragraph = (children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
/** The site's index filtered by `terms`, in the URL contract of core/site/state.ts. */
const siteView = (home: Home, terms: Partial<Record<Facet, string[]>>) => `${home.site}${viewQuery({ terms })}`;
const names = (datasets: readonly Dataset[]) => datasets.map((d) => d.name).join(', ');

/** A collapsed section: its summary line, then its body, readable with JavaScript off. */
function collapsed(summary: string, body: RootContent[]): RootContent[] {
  return [{ type: 'html', value: `<details>\n<summary>${escapeHtml(summary)}</summary>` }, ...body, { type: 'html', value: '</details>' }];
}

/**
 * One list item per vocabulary term that some dataset has, in vocabulary order: `**CT** (31):
 * AMOS, …`; with a home, the term links to the same view on the site, filtered by its URL.
 */
function byTerm(datasets: readonly Dataset[], vocabularies: Vocabularies, name: Extract<VocabularyName, 'modality' | 'task'>, home?: Home): RootContent {
  const termsOf = (d: Dataset) => (name === 'modality' ? d.modalities.map((m) => m.term) : d.tasks);
  const items = [...vocabularies[name].terms.values()].flatMap((term) => {
    const members = datasets.filter((d) => termsOf(d).includes(term.key));
    if (members.length === 0) return [];
    return [
      {
        type: 'listItem' as const,
        spread: false,
        children: [paragraph([home ? { type: 'link', url: siteView(home, { [name]: [term.key] }), children: [strong(term.label)] } : strong(term.label), text(` (${members.length}): ${names(members)}`)])],
      },
    ];
  });
  return { type: 'list', ordered: false, spread: false, children: items };
}

/** The legend of a row, from the vocabulary's markers: 🟢 open download · 🟡 registration … */
function legend(vocabularies: Vocabularies): PhrasingContent[] {
  const tiers = [...vocabularies.access.terms.values()]
    .filter((term) => term.marker !== undefined)
    .map((term) => `${term.marker} ${term.key === 'unknown' ? 'access not checked' : term.label.toLowerCase()}`);
  return [
    strong('Reading a row:'),
    text(` ${tiers.join(' · ')}, then the licence (an SPDX id, custom terms, none stated by the provider, or not checked yet). ${UNCONFIRMED_MARKER} marks a fact our sources could not confirm; a size with `),
    { type: 'inlineCode', value: '~' },
    text(' is approximate, with '),
    { type: 'inlineCode', value: '>' },
    text(' a lower bound. '),
    strong('Details'),
    text(' opens every fact of the entry: labels, full description, all sizes, notes and sources.'),
  ];
}

export function findersRegion(datasets: readonly Dataset[], vocabularies: Vocabularies, home?: Home): string {
  const listed = datasets.filter((d) => d.status !== 'withdrawn');
  const open = listed.filter((d) => d.access === 'open');
  const commercial = listed.filter((d) => licenseClass(d.license) === 'commercial');
  const openMarker = vocabularies.access.terms.get('open')?.marker ?? '';
  const children: RootContent[] = [
    paragraph(legend(vocabularies)),
    paragraph([
      strong('Find a dataset:'),
      text(' search this page for any of its names (the best-known alias is shown beside the name), or open a list:'),
    ]),
    ...collapsed(`${openMarker} Open download, no sign-up (${open.length})`, [paragraph([text(names(open))])]),
    ...collapsed(`Commercial use allowed by the licence (${commercial.length})`, [
      paragraph([
        text(`${names(commercial)}. `),
        { type: 'emphasis', children: [text('Derived from the SPDX licence id alone (CC0, CC-BY, CC-BY-SA, PDDL, ODC-By …); custom terms and unstated licences are never counted: read those terms yourself.')] },
      ]),
    ]),
    ...collapsed('By modality', [byTerm(listed, vocabularies, 'modality', home)]),
    ...collapsed('By task', [byTerm(listed, vocabularies, 'task', home)]),
  ];
  if (home) {
    const view = (terms: Parameters<typeof siteView>[1], label: string): PhrasingContent => ({ type: 'link', url: siteView(home, terms), children: [text(label)] });
    children.push(
      paragraph([
        strong('On the site:'),
        text(' '),
        view({}, 'search and filter'),
        text(' · '),
        view({ access: ['open'] }, 'open download'),
        text(' · '),
        view({ license: ['commercial'] }, 'commercial use allowed'),
      ]),
    );
  }
  if (home) {
    const file = (name: 'datasets.json' | 'datasets.csv' | 'datasets.bib'): PhrasingContent => ({
      type: 'link',
      url: exportUrl(home, name),
      children: [{ type: 'inlineCode', value: name }],
    });
    children.push(
      paragraph([
        strong('The whole catalog:'),
        text(' '),
        file('datasets.json'),
        text(' · '),
        file('datasets.csv'),
        text(' · '),
        file('datasets.bib'),
        text(' (rebuilt on every change; each release keeps a copy). '),
        strong('Know a dataset we miss?'),
        text(' '),
        { type: 'link', url: issueFormUrl(home), children: [text('Propose it')] },
        text(' with a form, no Git needed.'),
      ]),
    );
  }
  return serialize({ type: 'root', children });
}
