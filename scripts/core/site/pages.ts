/**
 * The catalog site: another renderer of the same datasets as the README, into static files —
 * the index (every dataset, with the filters the script brings to life), one page per dataset
 * (`d/<id>/index.html`, every fact, sources, citation and JSON-LD), site.css, site.js,
 * sitemap.xml, robots.txt and the exports beside them. Pure: data in, files out; the command
 * writes them.
 *
 * Links between pages are relative and name index.html, so the site works from file:// (where a
 * folder does not open its index.html), from a sub-path and from the root; canonical, Open
 * Graph and sitemap addresses are absolute, from the home's site URL.
 */
import { compareCodeUnits } from '../diagnostic.ts';
import { bibtexEntry, firstSentence } from '../export/formats.ts';
import { datasetPageUrl, EXPORT_FILES, type ExportFile, type Home } from '../home.ts';
import { LICENSE_CLASS_LABELS, licenseClass, type LicenseClass } from '../license-class.ts';
import { LINK_FIELDS, type Dataset, type UnconfirmedFact } from '../model.ts';
import { accessText, formatSize, licenseText, NO_LICENCE_TEXT, shownAlias, sizeCell } from '../render/cells.ts';
import { labelOf, type Vocabularies } from '../vocabulary.ts';
import { catalogScript, searchText, type CatalogData, type CatalogRow } from './client.ts';
import { CATALOG_NAME, datasetJsonLd, licenseUrl } from './jsonld.ts';
import { html, htmlLines, link, scriptJson } from './markup.ts';
import { viewQuery, type Facet } from './state.ts';
import { SITE_CSS } from './style.ts';

export interface SiteFile {
  /** Relative to the site's root folder, `/`-separated. */
  path: string;
  content: string;
}

export interface SiteInput {
  datasets: readonly Dataset[];
  vocabularies: Vocabularies;
  home: Home;
  /** The export files (`npm run export`'s), published beside the pages. */
  exports: readonly { name: ExportFile; content: string }[];
}

/** The README title's stethoscope, so that browsers do not ask for a /favicon.ico that is not there. */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text y=".9em" font-size="90">🩺</text></svg>\n';
const LICENSE_CLASSES = Object.keys(LICENSE_CLASS_LABELS) as LicenseClass[];
const RETIRED = new Set(['superseded', 'withdrawn']);
const LINK_NAMES = { homepage: 'Homepage', download: 'Download', paper: 'Paper', code: 'Code' } as const;

/** Names compared without case, then ids: the same order on every machine, whatever its locale. */
export function byName(a: Dataset, b: Dataset): number {
  return compareCodeUnits(a.name.toLowerCase(), b.name.toLowerCase()) || compareCodeUnits(a.id, b.id);
}

/** The terms of each filter, in the order the vocabularies (and licence classes) give. */
function facetTerms(vocabularies: Vocabularies): Record<Facet, { key: string; label: string }[]> {
  const terms = (name: 'organ' | 'modality' | 'task' | 'access') => [...vocabularies[name].terms.values()].map((t) => ({ key: t.key, label: t.label }));
  return { organ: terms('organ'), modality: terms('modality'), task: terms('task'), access: terms('access'), license: LICENSE_CLASSES.map((key) => ({ key, label: LICENSE_CLASS_LABELS[key] })) };
}

/** The largest size figure, whatever it counts: what "at least N" compares with. */
const largestSize = (dataset: Dataset) => Math.max(-1, ...dataset.size.map((s) => s.count));

export function renderSite(input: SiteInput): SiteFile[] {
  const datasets = [...input.datasets].sort(byName);
  const byId = new Map(datasets.map((d) => [d.id, d]));
  return [
    { path: 'index.html', content: indexPage(datasets, input) },
    ...datasets.map((dataset) => ({ path: `d/${dataset.id}/index.html`, content: datasetPage(dataset, byId, datasets, input) })),
    { path: 'site.css', content: SITE_CSS },
    { path: 'favicon.svg', content: FAVICON },
    { path: 'site.js', content: catalogScript() },
    { path: 'sitemap.xml', content: sitemap(datasets, input.home) },
    { path: 'robots.txt', content: `User-agent: *\nAllow: /\nSitemap: ${input.home.site}sitemap.xml\n` },
    ...input.exports.map((file) => ({ path: file.name, content: file.content })),
  ];
}

/** The data the index's script filters on, compact: indices instead of terms, one text per dataset. */
export function catalogData(datasets: readonly Dataset[], vocabularies: Vocabularies): CatalogData {
  const facets = Object.fromEntries(Object.entries(facetTerms(vocabularies)).map(([f, terms]) => [f, terms.map((t) => t.key)])) as Record<Facet, string[]>;
  const index = (facet: Facet, key: string) => facets[facet].indexOf(key);
  const rows = datasets.map((d): CatalogRow => [
    d.id,
    searchText([d.name, ...d.aliases, d.description, d.summary ?? '', d.labels].join('\n')),
    d.organs.map((o) => index('organ', o)),
    d.modalities.map((m) => index('modality', m.term)),
    d.tasks.map((t) => index('task', t)),
    index('access', d.access),
    index('license', licenseClass(d.license)),
    d.year ?? -1,
    largestSize(d),
    RETIRED.has(d.status) ? 1 : 0,
  ]);
  return { facets, rows };
}

interface PageOptions {
  title: string;
  description: string;
  canonical: string;
  /** `''` at the root, `../../` on a dataset page. */
  up: string;
  head?: string;
  body: string;
}

function page(home: Home, options: PageOptions): string {
  const { up } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${html(options.title)}</title>
<meta name="description" content="${html(options.description)}">
<link rel="canonical" href="${html(options.canonical)}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${CATALOG_NAME}">
<meta property="og:title" content="${html(options.title)}">
<meta property="og:description" content="${html(options.description)}">
<meta property="og:url" content="${html(options.canonical)}">
<link rel="icon" href="${up}favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${up}site.css">
${options.head ?? ''}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<p class="brand"><a href="${up}index.html">${CATALOG_NAME}</a></p>
<nav aria-label="Downloads and source"><ul>
${EXPORT_FILES.map((file) => `<li><a href="${up}${file}">${file}</a></li>`).join('\n')}
<li><a href="${html(home.repository)}">Source on GitHub</a></li>
</ul></nav>
</header>
<main id="main">
${options.body}
</main>
<footer class="site"><ul>
<li>Built from the data files of <a href="${html(home.repository)}">${html(home.owner)}/${html(home.name)}</a></li>
<li><a href="${html(`${home.repository}/issues/new?template=add-dataset.yml`)}">Propose a dataset</a></li>
</ul></footer>
<script src="${up}site.js"></script>
</body>
</html>
`;
}

function indexPage(datasets: readonly Dataset[], input: SiteInput): string {
  const { vocabularies, home } = input;
  const terms = facetTerms(vocabularies);
  const retired = datasets.filter((d) => RETIRED.has(d.status)).length;
  const years = datasets.flatMap((d) => (d.year === undefined ? [] : [d.year]));
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const facetNames: Record<Facet, string> = { organ: 'Organ', modality: 'Modality', task: 'Task', access: 'Access', license: 'Licence' };
  const facetBlock = (facet: Facet) => `<details${facet === 'access' || facet === 'license' ? ' open' : ''}>
<summary>${facetNames[facet]}</summary>
<fieldset><legend class="visually-hidden">${facetNames[facet]}</legend><ul>
${terms[facet].map((t) => `<li><label><input type="checkbox" name="${facet}" value="${html(t.key)}" data-facet="${facet}"> ${html(t.label)} <span class="count" data-count="${facet}:${html(t.key)}"></span></label></li>`).join('\n')}
</ul></fieldset>
</details>`;
  const body = `<h1>Medical imaging datasets</h1>
<p class="lede">${datasets.length} public datasets, each with what it holds, how to get it and under which terms, taken from the providers' own pages. Search and filter them here, or download the whole catalog: ${EXPORT_FILES.map((f) => `<a href="${f}">${f}</a>`).join(', ')}.</p>
<noscript><p class="note">Filtering needs JavaScript; below is the full list.</p></noscript>
<div class="layout">
<form id="filters" class="filters" role="search" aria-label="Filter the datasets" hidden data-needs-script>
<div class="field"><label for="q">Search</label><input type="search" id="q" name="q" autocomplete="off" placeholder="Name, alias, description, labels"></div>
${(['organ', 'modality', 'task', 'access', 'license'] as const).map(facetBlock).join('\n')}
<details open>
<summary>Year, size and lifecycle</summary>
<fieldset class="range"><legend>Year</legend>
<label for="year-from">From</label> <input type="number" id="year-from" inputmode="numeric" min="${first}" max="${last}" placeholder="${first}">
<label for="year-to">to</label> <input type="number" id="year-to" inputmode="numeric" min="${first}" max="${last}" placeholder="${last}">
</fieldset>
<div class="field"><label for="size">At least this many subjects, images …</label><input type="number" id="size" inputmode="numeric" min="1" placeholder="e.g. 1000"></div>
<div class="field"><label><input type="checkbox" id="lifecycle"> Show superseded and withdrawn <span class="count" data-count="lifecycle">${retired}</span></label></div>
</details>
<p><button type="reset">Clear all</button></p>
</form>
<section aria-labelledby="list-heading">
<div class="results-bar">
<h2 id="list-heading">Datasets</h2>
<p id="status" role="status">${datasets.length} datasets</p>
<p class="sorter" hidden data-needs-script><label for="sort">Sort by</label> <select id="sort"><option value="name">Name</option><option value="year">Year, newest first</option><option value="size">Size, largest first</option></select></p>
</div>
<ul id="results" class="results">
${datasets.map((d) => indexEntry(d, datasets, vocabularies)).join('\n')}
</ul>
<p id="more" hidden><button type="button">Show more</button></p>
<p id="empty" hidden>No dataset matches all of these filters. Remove one, or <a href="index.html">start again</a>.</p>
</section>
</div>
<script type="application/json" id="catalog-data">${scriptJson(catalogData(datasets, vocabularies))}</script>`;
  return page(home, {
    title: `${CATALOG_NAME}: search and filter public medical imaging datasets`,
    description: `${datasets.length} public medical imaging datasets, searchable and filterable by organ, modality, task, access and licence.`,
    canonical: home.site,
    up: '',
    body,
  });
}

function indexEntry(dataset: Dataset, datasets: readonly Dataset[], vocabularies: Vocabularies): string {
  const alias = shownAlias(dataset);
  const status = statusLine(dataset, datasets);
  const tags = [
    ...dataset.organs.map((o) => labelOf(vocabularies.organ, o)),
    ...dataset.modalities.map((m) => labelOf(vocabularies.modality, m.term)),
    ...dataset.tasks.map((t) => labelOf(vocabularies.task, t)),
  ];
  const facts = [accessText(dataset, vocabularies), licenseText(dataset.license), sizeCell(dataset)].filter(Boolean);
  return `<li class="entry" data-id="${html(dataset.id)}">
<h3><a href="d/${html(dataset.id)}/index.html">${html(dataset.name)}</a>${dataset.year !== undefined ? ` <span class="muted">(${dataset.year})</span>` : ''}</h3>
${alias !== undefined ? `<p class="muted">aka ${html(alias)}</p>\n` : ''}${status !== undefined ? `<p class="note">${html(status)}</p>\n` : ''}<p>${html(dataset.summary ?? dataset.description)}</p>
<ul class="tags">${tags.map((t) => `<li>${html(t)}</li>`).join('')}</ul>
<p class="muted">${facts.map(html).join(' · ')}</p>
</li>`;
}

function statusLine(dataset: Dataset, datasets: readonly Dataset[]): string | undefined {
  switch (dataset.status) {
    case 'active':
      return undefined;
    case 'unavailable':
      return 'Currently unavailable';
    case 'withdrawn':
      return 'Withdrawn by its provider';
    case 'superseded': {
      const next = datasets.find((d) => d.id === dataset.supersededBy);
      return `Superseded by ${next?.name ?? dataset.supersededBy ?? 'a newer release'}`;
    }
  }
}

function datasetPage(dataset: Dataset, byId: ReadonlyMap<string, Dataset>, datasets: readonly Dataset[], input: SiteInput): string {
  const { vocabularies, home } = input;
  const up = '../../';
  const other = (id: string) => {
    const target = byId.get(id);
    return target ? `<a href="../${html(id)}/index.html">${html(target.name)}</a>` : html(id);
  };
  const unconfirmed = (fact: UnconfirmedFact) => (dataset.unconfirmed.includes(fact) ? ' <span class="note">⚠️ not confirmed by our sources</span>' : '');
  const filterLink = (facet: Facet, key: string, label: string) => `<a href="${up}index.html${html(viewQuery({ terms: { [facet]: [key] } }))}">${html(label)}</a>`;
  const facts: [string, string][] = [];
  facts.push(['Organs', dataset.organs.map((o) => filterLink('organ', o, labelOf(vocabularies.organ, o))).join(', ')]);
  facts.push([
    'Modalities',
    dataset.modalities.map((m) => `${filterLink('modality', m.term, labelOf(vocabularies.modality, m.term))}${m.subtypes.length > 0 ? ` (${html(m.subtypes.join(', '))})` : ''}`).join('; '),
  ]);
  facts.push(['Tasks', dataset.tasks.map((t) => filterLink('task', t, labelOf(vocabularies.task, t))).join(', ')]);
  facts.push(['Size', `${dataset.size.length === 1 ? html(formatSize(dataset.size[0]!, dataset)) : `<ul>${dataset.size.map((s) => `<li>${html(formatSize(s, dataset))}</li>`).join('')}</ul>`}${unconfirmed('size')}`]);
  facts.push(['Labels', html(dataset.labels)]);
  if (dataset.year !== undefined) facts.push(['Year', `${dataset.year}${unconfirmed('year')}`]);
  if (dataset.version !== undefined) facts.push(['Version', html(dataset.version)]);
  if (dataset.family !== undefined) {
    const members = datasets.filter((d) => d.family === dataset.family && d.id !== dataset.id);
    facts.push(['Family', `${html(dataset.family)}${members.length > 0 ? `: also ${members.map((m) => other(m.id)).join(', ')}` : ''}`]);
  }
  facts.push(['Access', `${filterLink('access', dataset.access, accessText(dataset, vocabularies))}${unconfirmed('access')}`]);
  const licenceClass = licenseClass(dataset.license);
  // "Not stated or not checked" would only repeat what the licence text says.
  const classLink = licenceClass === 'unknown' ? '' : ` (${filterLink('license', licenceClass, LICENSE_CLASS_LABELS[licenceClass].toLowerCase())})`;
  facts.push(['Licence', `${licenseHtml(dataset)}${classLink}${unconfirmed('license')}`]);
  const successors = datasets.filter((d) => d.supersededBy === dataset.id);
  const lifecycle = {
    active: 'Active',
    unavailable: 'Currently unavailable',
    superseded: `Superseded by ${dataset.supersededBy !== undefined ? other(dataset.supersededBy) : 'a newer release'}`,
    withdrawn: 'Withdrawn by its provider',
  }[dataset.status];
  facts.push(['Lifecycle', `${lifecycle}${successors.length > 0 ? `; supersedes ${successors.map((s) => other(s.id)).join(', ')}` : ''}`]);
  facts.push(['Last verified', dataset.lastVerified !== undefined ? html(dataset.lastVerified) : 'not yet']);

  const links = LINK_FIELDS.flatMap((field) => {
    const url = dataset.links[field];
    return url === undefined ? [] : [`<li>${LINK_NAMES[field]}: ${link(url, url)}${unconfirmed(field)}</li>`];
  });
  const sources = dataset.sources.map(
    (s) => `<li>${link(s.url, s.url)} — supports ${html(s.supports.join(', '))}; checked ${html(s.checked)}${s.note !== undefined ? `. ${html(s.note)}` : ''}</li>`,
  );
  const status = statusLine(dataset, datasets);
  const alias = dataset.aliases.length > 0 ? `<p class="muted">Also known as ${html(dataset.aliases.join(', '))}</p>` : '';
  const body = `<p><a href="${up}index.html">← All datasets</a></p>
<h1>${html(dataset.name)}</h1>
${alias}
${status !== undefined ? `<p class="note">${dataset.status === 'superseded' && dataset.supersededBy !== undefined ? `Superseded by ${other(dataset.supersededBy)}` : html(status)}</p>` : ''}
<p>${html(dataset.description)}</p>
<h2>Facts</h2>
<dl class="facts">
${facts.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join('\n')}
</dl>
<h2>Links</h2>
<ul class="links">${links.join('\n')}</ul>
${dataset.notes !== undefined ? `<h2>Notes</h2>\n<p>${html(dataset.notes)}</p>` : ''}
<h2>Sources</h2>
${sources.length > 0 ? `<ul class="sources">${sources.join('\n')}</ul>` : '<p>No sources recorded yet.</p>'}
<h2>Cite</h2>
<p class="muted">Cite the dataset's paper when it has one; the entries below point at it, or at the dataset's homepage.</p>
<div class="cite-head"><h3 id="cite-text-heading">Plain text</h3><button type="button" data-copy="cite-text" hidden>Copy</button></div>
<pre id="cite-text" aria-labelledby="cite-text-heading">${html(plainCitation(dataset))}</pre>
<div class="cite-head"><h3 id="cite-bibtex-heading">BibTeX</h3><button type="button" data-copy="cite-bibtex" hidden>Copy</button></div>
<pre id="cite-bibtex" aria-labelledby="cite-bibtex-heading">${htmlLines(bibtexEntry(dataset))}</pre>`;
  return page(home, {
    title: `${dataset.name} — ${CATALOG_NAME}`,
    description: dataset.summary ?? dataset.description,
    canonical: datasetPageUrl(home, dataset.id),
    up,
    head: `<script type="application/ld+json">${scriptJson(datasetJsonLd(dataset, vocabularies, home))}</script>\n`,
    body,
  });
}

function licenseHtml(dataset: Dataset): string {
  const license = dataset.license;
  switch (license.kind) {
    case 'spdx':
      return link(licenseUrl(license)!, license.id);
    case 'custom':
      return license.url !== undefined ? link(license.url, license.name) : html(license.name);
    case 'none-stated':
      return NO_LICENCE_TEXT['none-stated'];
    case 'unknown':
      return 'not checked';
  }
}

/** `Name (version 2018), 2018. First sentence of the description. <paper or homepage>` */
export function plainCitation(dataset: Dataset): string {
  const version = dataset.version !== undefined && !dataset.name.includes(dataset.version) ? ` (version ${dataset.version})` : '';
  const year = dataset.year !== undefined ? `, ${dataset.year}` : '';
  const where = dataset.links.paper ?? dataset.links.homepage;
  return `${dataset.name}${version}${year}. ${firstSentence(dataset.description)}. ${where}`;
}

function sitemap(datasets: readonly Dataset[], home: Home): string {
  const entry = (url: string, lastmod?: string) => `<url><loc>${html(url)}</loc>${lastmod !== undefined ? `<lastmod>${html(lastmod)}</lastmod>` : ''}</url>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${[entry(home.site), ...datasets.map((d) => entry(datasetPageUrl(home, d.id), d.lastVerified))].join('\n')}
</urlset>
`;
}
