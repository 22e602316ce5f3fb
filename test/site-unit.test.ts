/**
 * The catalog site without a browser: markup escaping, the URL state contract, the JSON-LD
 * against the schema.org rules it relies on, and the built files (every dataset listed once,
 * a page each, sitemap, exports). The browser tests are test/site-browser.test.ts.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { homeOf, type Home } from '../scripts/core/home.ts';
import { licenseClass } from '../scripts/core/license-class.ts';
import type { Dataset } from '../scripts/core/model.ts';
import { catalogScript, searchText } from '../scripts/core/site/client.ts';
import { accessibleForFree, datasetJsonLd } from '../scripts/core/site/jsonld.ts';
import { html, httpUrl, link, scriptJson } from '../scripts/core/site/markup.ts';
import { catalogData, renderSite } from '../scripts/core/site/pages.ts';
import { parseState, stateQuery, viewQuery } from '../scripts/core/site/state.ts';
import { assemble } from '../scripts/pipeline.ts';
import { runCommand } from './commands.ts';
import { realInputs, ROOT } from './helpers.ts';
import { hostileDataset } from './site-fixtures.ts';

const inputs = realInputs();
const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
const datasets = assemble(inputs).records.map((r) => r.dataset);
const home: Home = homeOf({ repository: 'github:Example-Owner/awesome-medical-datasets' })!;
const exports = [{ name: 'datasets.json' as const, content: '{}\n' }];
const site = new Map(renderSite({ datasets, vocabularies, home, exports }).map((f) => [f.path, f.content]));

describe('markup: data is text, never markup', () => {
  test('html escapes the five markup characters and spells out invisible ones', () => {
    expect(html(`<img src=x onerror="alert('1')"> & co`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co');
    expect(html('a\u202eb\u0007c\nd')).toBe('a\\u202eb\\x07c d');
  });

  test('only absolute http(s) URLs become links', () => {
    expect(httpUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>', '/relative', 'vbscript:x']) expect(httpUrl(bad), bad).toBeUndefined();
    expect(link('javascript:alert(1)', 'click')).toBe('click');
    expect(link('https://example.org/?a="b"', 'x')).toBe('<a href="https://example.org/?a=%22b%22">x</a>');
  });

  test('scriptJson cannot close its script element, and reads back as the same value', () => {
    const value = { text: '</script><script>alert(1)</script> <!-- & \u2028 \u202e \u{e0041}' };
    const json = scriptJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u202e]/u);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('the URL state contract', () => {
  test('filters, several values comma-separated, read back as written', () => {
    const state = parseState('?q=brain%20tumour&organ=brain,heart&modality=MRI&task=segmentation&access=open&license=commercial,custom');
    expect(state).toMatchObject({ q: 'brain tumour', terms: { organ: ['brain', 'heart'], modality: ['MRI'], task: ['segmentation'], access: ['open'], license: ['commercial', 'custom'] } });
    expect(stateQuery(state)).toBe('?q=brain%20tumour&organ=brain,heart&modality=MRI&task=segmentation&access=open&license=commercial,custom');
  });

  test('year ranges, size, lifecycle and sort', () => {
    expect(parseState('year=2015-2020')).toMatchObject({ yearFrom: 2015, yearTo: 2020 });
    expect(parseState('year=2018')).toMatchObject({ yearFrom: 2018, yearTo: 2018 });
    expect(parseState('year=-2010')).toMatchObject({ yearTo: 2010 });
    expect(parseState('year=-2010').yearFrom).toBeUndefined();
    expect(parseState('year=2016-')).toMatchObject({ yearFrom: 2016 });
    expect(parseState('size=1000&lifecycle=all&sort=year')).toMatchObject({ minSize: 1000, allLifecycles: true, sort: 'year' });
    for (const query of ['?year=2015-2020', '?year=2018', '?year=-2010', '?year=2016-', '?size=1000&lifecycle=all&sort=size']) expect(stateQuery(parseState(query))).toBe(query);
  });

  test('lenient with what a link from anywhere may hold: junk is ignored, repeats and blanks dropped', () => {
    const state = parseState('?organ=brain,,brain&organ=%20heart&year=soon&size=-3&sort=random&utm_source=x&q=%20');
    expect(state).toMatchObject({ q: '', terms: { organ: ['brain', 'heart'] }, sort: 'name', allLifecycles: false });
    expect(state.yearFrom).toBeUndefined();
    expect(state.minSize).toBeUndefined();
    expect(stateQuery(parseState(''))).toBe('');
  });

  test('a query with reserved characters survives the round trip', () => {
    const q = 'a&b=c #d +e "f" é';
    expect(parseState(stateQuery({ ...parseState(''), q })).q).toBe(q);
  });

  test('viewQuery builds the README\'s links', () => {
    expect(viewQuery({ terms: { access: ['open'] } })).toBe('?access=open');
    expect(viewQuery({ terms: { license: ['commercial'] } })).toBe('?license=commercial');
  });
});

describe('JSON-LD: schema.org Dataset as Google Dataset Search reads it', () => {
  const isUrl = (value: unknown) => typeof value === 'string' && /^https?:\/\//.test(value) && URL.canParse(value);
  test.each(datasets.map((d) => [d.id, d] as const))('%s', (_id, dataset) => {
    const ld = datasetJsonLd(dataset, vocabularies, home);
    expect(ld['@context']).toBe('https://schema.org');
    expect(ld['@type']).toBe('Dataset');
    expect(typeof ld.name === 'string' && ld.name.length > 0).toBe(true);
    // Google: a description of 50 to 5000 characters.
    expect((ld.description as string).length).toBeGreaterThanOrEqual(50);
    expect((ld.description as string).length).toBeLessThanOrEqual(5000);
    expect(ld.url).toBe(`https://example-owner.github.io/awesome-medical-datasets/d/${dataset.id}/`);
    for (const key of ['sameAs', 'license', 'citation'] as const) if (key in ld) expect(isUrl(ld[key]), key).toBe(true);
    if ('isAccessibleForFree' in ld) expect(typeof ld.isAccessibleForFree).toBe('boolean');
    expect(Array.isArray(ld.keywords) && (ld.keywords as unknown[]).every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
    if ('version' in ld) expect(typeof ld.version).toBe('string');
    if ('dateModified' in ld) expect(ld.dateModified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if ('datePublished' in ld) expect(ld.datePublished).toMatch(/^\d{4}$/);
    // The page carries exactly this object.
    const page = site.get(`d/${dataset.id}/index.html`)!;
    const embedded = [...page.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));
    expect(embedded).toEqual([ld]);
  });

  test('licence URL only when known; free only for open download and free sign-up', () => {
    const base = datasets[0]!;
    expect(datasetJsonLd({ ...base, license: { kind: 'spdx', id: 'CC-BY-4.0' } }, vocabularies, home).license).toBe('https://spdx.org/licenses/CC-BY-4.0.html');
    expect(datasetJsonLd({ ...base, license: { kind: 'unknown' } }, vocabularies, home)).not.toHaveProperty('license');
    expect(datasetJsonLd({ ...base, license: { kind: 'none-stated' } }, vocabularies, home)).not.toHaveProperty('license');
    expect(['open', 'registration', 'agreement', 'credentialed', 'unknown'].map(accessibleForFree)).toEqual([true, true, undefined, undefined, undefined]);
  });
});

describe('the built site', () => {
  test('the index lists every dataset once, with data-id, and embeds the data its script filters', () => {
    const index = site.get('index.html')!;
    const ids = [...index.matchAll(/<li class="entry" data-id="([^"]+)"/g)].map((m) => m[1]);
    expect([...ids].sort()).toEqual(datasets.map((d) => d.id).sort());
    const data = JSON.parse(/<script type="application\/json" id="catalog-data">(.*?)<\/script>/s.exec(index)![1]!);
    expect(data).toEqual(catalogData([...datasets].sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)), vocabularies));
    expect(data.rows.map((r: unknown[]) => r[0])).toEqual(ids);
  });

  test('licence classes in the data come from core/license-class.ts', () => {
    const { facets, rows } = catalogData(datasets, vocabularies);
    rows.forEach((row, i) => expect(facets.license[row[6]]).toBe(licenseClass(datasets[i]!.license)));
  });

  test('a page per dataset, the sitemap, robots.txt, canonical links and the exports', () => {
    for (const d of datasets) {
      const page = site.get(`d/${d.id}/index.html`)!;
      expect(page).toContain(`<link rel="canonical" href="${home.site}d/${d.id}/">`);
      expect(page).toContain('<meta property="og:title"');
      expect(page).toContain('href="../../site.css"');
    }
    expect(site.get('sitemap.xml')!.match(/<loc>/g)).toHaveLength(datasets.length + 1);
    expect(site.get('robots.txt')).toContain(`Sitemap: ${home.site}sitemap.xml`);
    expect(site.get('datasets.json')).toBe('{}\n');
    expect(site.get('index.html')).toContain('<a href="datasets.json">');
  });

  test('sources, none-stated and unknown licences render in their own words', () => {
    const sourced = datasets.find((d) => d.sources.length > 0)!;
    const page = site.get(`d/${sourced.id}/index.html`)!;
    expect(page).toContain(`checked ${sourced.sources[0]!.checked}`);
    const none = datasets.find((d) => d.license.kind === 'none-stated');
    if (none) expect(site.get(`d/${none.id}/index.html`)).toContain('no licence stated by the provider');
    const unknown = datasets.find((d) => d.license.kind === 'unknown')!;
    expect(site.get(`d/${unknown.id}/index.html`)).toMatch(/<dt>Licence<\/dt><dd>not checked/);
  });

  test('the same data gives the same bytes', () => {
    const again = renderSite({ datasets: [...datasets].reverse(), vocabularies, home, exports });
    expect(new Map(again.map((f) => [f.path, f.content]))).toEqual(site);
  });

  test('the script is valid JavaScript and searches as it indexes', () => {
    expect(() => new Function(catalogScript())).not.toThrow();
    expect(searchText('Ångström CT Fündus')).toBe('angstrom ct fundus');
  });
});

describe('bad input renders inert everywhere', () => {
  const hostile: Dataset = hostileDataset(datasets[0]!);
  const files = renderSite({ datasets: [...datasets, hostile], vocabularies, home, exports });
  const pages = files.filter((f) => f.path.endsWith('.html'));

  test('no element, attribute or link comes from the data', () => {
    for (const file of pages) {
      expect(file.content, file.path).not.toMatch(/<img|<svg|<iframe|<b>|onerror="|href="\s*javascript:/i);
      // Our scripts only: JSON data, JSON-LD, and site.js.
      const scripts = [...file.content.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.every((s) => ['<script type="application/json" id="catalog-data">', '<script type="application/ld+json">'].includes(s) || /^<script src="(\.\.\/\.\.\/)?site\.js">$/.test(s)), scripts.join()).toBe(true);
      expect(file.content.match(/<\/script>/g)?.length).toBe(scripts.length);
    }
    const page = files.find((f) => f.path === `d/${hostile.id}/index.html`)!.content;
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(page).toContain('javascript:alert(document.cookie)'); // shown as text …
    expect(page).not.toContain('href="javascript:'); // … never linked
  });

  test('the JSON-LD and the index data hold the hostile text as data', () => {
    const page = files.find((f) => f.path === `d/${hostile.id}/index.html`)!.content;
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!);
    expect(ld.name).toBe(hostile.name);
    expect(ld.description).toBe(hostile.description);
    expect(ld).not.toHaveProperty('sameAs'); // a javascript: homepage is no URL
    const index = files.find((f) => f.path === 'index.html')!.content;
    const data = JSON.parse(/<script type="application\/json" id="catalog-data">(.*?)<\/script>/s.exec(index)![1]!);
    expect(data.rows.map((r: unknown[]) => r[0])).toContain(hostile.id);
  });
});

describe('npm run site', () => {
  test('builds into --out, replacing what was there; refuses while the data has errors, keeping the last site', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-site-cmd-'));
    try {
      for (const p of ['data', 'docs', 'README.md', '.github', 'package.json']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
      const out = path.join(dir, 'dist', 'site');
      cpSync(path.join(ROOT, 'package.json'), path.join(out, 'stale.html'));
      const built = await runCommand('site', ['--root', dir], { process: true });
      expect(built.code, built.stdout + built.stderr).toBe(0);
      expect(built.stdout).toContain(`${datasets.length} datasets; site of ${datasets.length + 9} files written to dist/site`);
      expect(existsSync(path.join(out, 'stale.html'))).toBe(false);
      expect(readdirSync(out).sort()).toEqual(['d', 'datasets.bib', 'datasets.csv', 'datasets.json', 'favicon.svg', 'index.html', 'robots.txt', 'site.css', 'site.js', 'sitemap.xml']);
      expect(readFileSync(path.join(out, 'datasets.csv'), 'utf8')).toMatch(/^id,name,/);
      expect(readdirSync(path.join(dir, 'dist')).filter((name) => name.includes('.tmp-'))).toEqual([]);

      writeFileSync(path.join(dir, 'data', 'datasets', 'broken.yaml'), 'id: broken\norgans: [hart]\n');
      const refused = await runCommand('site', ['--root', dir]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('no site built');
      expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
