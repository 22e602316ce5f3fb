/**
 * The catalog site in a real browser (Chromium through playwright-core): every filter through
 * the URL and through clicks, search typing, the counts, sorting, keyboard-only use with a
 * visible focus, the back button, file://, a sub-path and the root, a dataset page's JSON-LD,
 * axe-core, a hostile record; after each test, no console error and no request to another
 * origin. One browser and one build per file; without a Chromium the file is skipped with one
 * line saying so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { homeOf } from '../scripts/core/home.ts';
import { licenseClass } from '../scripts/core/license-class.ts';
import type { Dataset } from '../scripts/core/model.ts';
import { datasetJsonLd } from '../scripts/core/site/jsonld.ts';
import { renderSite } from '../scripts/core/site/pages.ts';
import { FACETS, parseState, type Facet, type ViewState } from '../scripts/core/site/state.ts';
import { findChromium, launchChromium } from '../scripts/io/browser.ts';
import { replaceFolder } from '../scripts/io/files.ts';
import { serveFolder, type StaticServer } from '../scripts/io/static-server.ts';
import { assemble } from '../scripts/pipeline.ts';
import { realInputs } from './helpers.ts';
import { hostileDataset } from './site-fixtures.ts';

const chromium = findChromium();
if (!chromium) process.stderr.write('browser tests skipped: install chromium\n');

const inputs = realInputs();
const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
const real = assemble(inputs).records.map((r) => r.dataset);
const hostile = hostileDataset(real[0]!);
/** A superseded entry, so that the lifecycle filter has something to hide. */
const retired: Dataset = { ...real[1]!, id: 'retired-release', name: 'Retired release', aliases: [], status: 'superseded', supersededBy: real[1]!.id };
const datasets = [...real, hostile, retired];
const home = homeOf({ repository: 'github:example/awesome-medical-datasets' })!;

/** The oracle: which datasets a view shows, by the contract's rules, computed here independently of the page. */
const termsOf = (d: Dataset, facet: Facet): string[] =>
  facet === 'organ' ? d.organs : facet === 'modality' ? d.modalities.map((m) => m.term) : facet === 'task' ? d.tasks : facet === 'access' ? [d.access] : [licenseClass(d.license)];
function passes(d: Dataset, state: ViewState, except?: Facet): boolean {
  const text = [d.name, ...d.aliases, d.description, d.summary ?? '', d.labels].join('\n').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const words = state.q.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.every((w) => text.includes(w))) return false;
  if (state.yearFrom !== undefined && !(d.year !== undefined && d.year >= state.yearFrom)) return false;
  if (state.yearTo !== undefined && !(d.year !== undefined && d.year <= state.yearTo)) return false;
  if (state.minSize !== undefined && !d.size.some((s) => s.count >= state.minSize!)) return false;
  if (!state.allLifecycles && (d.status === 'superseded' || d.status === 'withdrawn')) return false;
  return FACETS.every((f) => f === except || state.terms[f].length === 0 || termsOf(d, f).some((t) => state.terms[f].includes(t)));
}
/** The view of a URL: terms the vocabularies do not have are ignored, as any other junk in a link. */
function stateOf(query: string): ViewState {
  const state = parseState(query);
  for (const facet of FACETS) state.terms[facet] = state.terms[facet].filter((t) => datasets.some((d) => termsOf(d, facet).includes(t)));
  return state;
}
const expected = (query: string) => datasets.filter((d) => passes(d, stateOf(query))).map((d) => d.id).sort();

let browser: Browser;
let page: Page;
let server: StaticServer;
let rootServer: StaticServer;
let folder: string;
const problems: string[] = [];

/** The page's own address (page.url() learns of history.replaceState a moment later). */
const search = () => page.evaluate(() => location.search);
/** The address once the page has written it: 60 ms after the view changes, so it is polled. */
const address = (message?: string) => expect.poll(search, { interval: 20, ...(message ? { message } : {}) });
const shown = () => page.$$eval('#results > li:not([hidden])', (items) => items.map((li) => (li as HTMLElement).dataset.id!).sort());
const open = async (query = '', at = server.url) => {
  await page.goto(`${at}index.html${query}`);
  await page.waitForFunction(() => !document.getElementById('filters')!.hidden);
};

describe.skipIf(!chromium)('the catalog site in Chromium', () => {
  beforeAll(async () => {
    folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'amd-site-')), 'site');
    replaceFolder(folder, renderSite({ datasets, vocabularies, home, exports: [{ name: 'datasets.json', content: '{}\n' }] }));
    [server, rootServer, browser] = await Promise.all([serveFolder(folder, '/awesome-medical-datasets/'), serveFolder(folder, '/'), launchChromium(chromium!)]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const origins = new Set([new URL(server.url).origin, new URL(rootServer.url).origin]);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'file:' && !origins.has(url.origin)) problems.push(`request to another origin: ${request.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog opened: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  // After every test, whatever order they run in: no console error, no request to another origin.
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rootServer?.close();
    if (folder) rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  test('each filter through the URL: OR within a filter, AND across, superseded and withdrawn hidden by default', async () => {
    for (const query of [
      '',
      '?organ=brain,heart',
      '?modality=CT',
      '?task=segmentation',
      '?access=open',
      '?license=non-commercial,custom',
      '?organ=chest&modality=X-ray&license=commercial',
      '?q=glioma',
      '?year=2018-2020&size=1000',
      '?lifecycle=all',
      '?organ=nonsense,heart',
    ]) {
      await open(query);
      expect(await shown(), query).toEqual(expected(query));
      expect(await page.textContent('#status'), query).toBe(`${expected(query).length} of ${datasets.length} datasets`);
    }
    expect(expected('?lifecycle=all')).toContain(retired.id);
    expect(expected('')).not.toContain(retired.id);
  });

  test('each filter through clicks and typing updates the list, the counts and the URL', async () => {
    await open();
    // One value of each filter, from a real dataset, switched on and then off again.
    const sample = real.find((d) => d.access === 'open' && licenseClass(d.license) === 'commercial')!;
    const picks: [Facet, string][] = [['organ', sample.organs[0]!], ['modality', sample.modalities[0]!.term], ['task', sample.tasks[0]!], ['access', 'open'], ['license', 'commercial']];
    for (const [facet, term] of picks) {
      const box = `input[data-facet=${facet}][value="${term}"]`;
      await page.$eval(box, (element) => element.closest('details')!.setAttribute('open', ''));
      await page.click(`label:has(${box})`);
      await address(facet).toBe(`?${facet}=${term}`);
      expect(await shown(), facet).toEqual(expected(`?${facet}=${term}`));
      await page.click(`label:has(${box})`);
      await address(facet).toBe('');
    }
    await page.click('label:has(input[data-facet=modality][value=CT])');
    await page.click('label:has(input[data-facet=license][value=commercial])');
    await address().toBe('?modality=CT&license=commercial');
    expect(await shown()).toEqual(expected('?modality=CT&license=commercial'));
    // Counts: for each value, how many the view would show with it added to its own filter.
    const state = parseState('?modality=CT&license=commercial');
    for (const facet of FACETS) {
      const counts = await page.$$eval(`[data-count^="${facet}:"]`, (spans) => spans.map((s) => [(s as HTMLElement).dataset.count!.split(':')[1], Number(s.textContent)]));
      const want = counts.map(([term]) => [term, datasets.filter((d) => passes(d, state, facet) && termsOf(d, facet).includes(term as string)).length]);
      expect(counts, facet).toEqual(want);
    }
    await page.locator('#q').pressSequentially('lung');
    await address().toBe('?q=lung&modality=CT&license=commercial');
    expect(await shown()).toEqual(expected('?q=lung&modality=CT&license=commercial'));
    await page.click('button[type=reset]');
    await page.waitForFunction(() => location.search === '');
    await page.fill('#year-from', '2018');
    await page.fill('#year-to', '2020');
    await page.fill('#size', '1000');
    await page.check('#lifecycle');
    await address().toBe('?year=2018-2020&size=1000&lifecycle=all');
    expect(await shown()).toEqual(expected('?year=2018-2020&size=1000&lifecycle=all'));
  });

  test('without JavaScript the index is the full static list, and no filter form shows', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      await plain.goto(`${server.url}index.html?organ=brain`);
      expect(await plain.$$eval('#results > li:not([hidden])', (items) => items.length)).toBe(datasets.length);
      expect(await plain.isVisible('#filters')).toBe(false);
    } finally {
      await context.close();
    }
  });

  test('sort by year and by size; the back button returns to the filtered view', async () => {
    await open('?organ=brain');
    await page.selectOption('#sort', 'year');
    await address().toBe('?organ=brain&sort=year');
    const order = await page.$$eval('#results > li:not([hidden])', (items) => items.map((li) => (li as HTMLElement).dataset.id!));
    const years = order.map((id) => datasets.find((d) => d.id === id)!.year ?? -1);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    await page.selectOption('#sort', 'size');
    const first = await page.$eval('#results > li:not([hidden])', (li) => (li as HTMLElement).dataset.id!);
    const largest = (d: Dataset) => Math.max(...d.size.map((s) => s.count));
    expect(largest(datasets.find((d) => d.id === first)!)).toBe(Math.max(...expected('?organ=brain').map((id) => largest(datasets.find((d) => d.id === id)!))));
    await page.click(`#results > li:not([hidden]) h3 a`);
    await page.waitForURL(/\/d\//);
    await page.goBack();
    await page.waitForFunction(() => !document.getElementById('filters')!.hidden);
    await address().toBe('?organ=brain&sort=size');
    expect(await shown()).toEqual(expected('?organ=brain'));
  });

  test('keyboard only: Tab reaches the search and every filter, Space toggles, focus is visible', async () => {
    await open();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    let reached = '';
    for (let i = 0; i < 15 && reached !== 'q'; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(reached).toBe('q');
    await page.keyboard.type('chest');
    await address().toBe('?q=chest');
    // On to the first organ: its summary opens with Enter, its first checkbox takes Space.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement;
      const style = getComputedStyle(element);
      return { facet: element.dataset.facet, value: element.value, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(focused).toMatchObject({ facet: 'organ', value: 'brain', outline: 'solid' });
    expect(focused.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Space');
    await address().toBe('?q=chest&organ=brain');
    expect(await shown()).toEqual(expected('?q=chest&organ=brain'));
  });

  test('works from file://, from a sub-path and from the root', async () => {
    for (const base of [pathToFileURL(folder).href + '/', server.url, rootServer.url]) {
      await open('?access=open', base);
      expect(await shown(), base).toEqual(expected('?access=open'));
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily), base).toContain('system-ui');
      await page.click('#results > li:not([hidden]) h3 a');
      await page.waitForSelector('h1');
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('dl.facts')!).display), base).toBe('grid');
    }
  });

  test('a dataset page: every section, the JSON-LD the build wrote, copy buttons with JavaScript', async () => {
    const dataset = datasets.find((d) => d.sources.length > 0 && d.links.paper !== undefined) ?? datasets[0]!;
    await page.goto(`${server.url}d/${dataset.id}/index.html`);
    const ld = await page.$eval('script[type="application/ld+json"]', (s) => JSON.parse(s.textContent!));
    expect(ld).toEqual(datasetJsonLd(dataset, vocabularies, home));
    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    expect(headings).toEqual(expect.arrayContaining(['Facts', 'Links', 'Sources', 'Cite']));
    expect(await page.isVisible('button[data-copy="cite-bibtex"]')).toBe(true);
    expect(await page.textContent('#cite-bibtex')).toContain(`@misc{${dataset.id},\n`);
  });

  test('a hostile record stays text: nothing runs, no element comes from its data', async () => {
    await open('?q=hostile');
    expect(await shown()).toEqual(['hostile-record']);
    expect(await page.$$eval('#results img, #results svg, #results iframe, #results b', (e) => e.length)).toBe(0);
    await page.goto(`${server.url}d/${hostile.id}/index.html`);
    expect(await page.textContent('h1')).toBe(hostile.name);
    expect(await page.$$eval('main img, main svg, main iframe, main b, main script', (e) => e.length)).toBe(0);
    expect(await page.$$eval('a[href^="javascript:" i]', (e) => e.length)).toBe(0);
    const ld = await page.$eval('script[type="application/ld+json"]', (s) => JSON.parse(s.textContent!));
    expect(ld.name).toBe(hostile.name);
  });

  test('axe-core: no serious or critical violations on the index and a dataset page, light and dark, wide and narrow', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const ALL_RULES = { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] };
    const CONTRAST = { type: 'rule', values: ['color-contrast'] };
    const audit = async (runOnly: object) => {
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(async (runOnly) => {
        const run = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { runOnly });
        return run.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      }, runOnly);
      return result;
    };
    // Every rule on the index in light mode and on a dataset page in dark mode at 400 px; the
    // other two combinations for contrast, the rule the colour scheme changes.
    for (const [scheme, width] of [['light', 1280], ['dark', 400]] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await open('?organ=brain');
      expect(await audit(scheme === 'light' ? ALL_RULES : CONTRAST), `index ${scheme} ${width}`).toEqual([]);
      // Usable at 400 px: nothing wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `index ${width}`).toBe(true);
      await page.goto(`${server.url}d/brats-2018/index.html`);
      expect(await audit(scheme === 'dark' ? ALL_RULES : CONTRAST), `dataset page ${scheme} ${width}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `page ${width}`).toBe(true);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

});
