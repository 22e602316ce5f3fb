/**
 * npm run bench:site — the site's budgets, measured and printed (not a test; asserts nothing):
 *
 *   transfer  index.html + site.css + site.js of the real catalog, gzip-compressed as Pages
 *             serves them: ≤ 150 KB;
 *   build     `npm run site` on the real catalog, whole process: cold (a fresh clone after
 *             `npm ci`: the bundle its prepare step built, no caches) and warm (again): ≤ 1 s;
 *             the first run after a code edit (bundling again); the rendering alone, in process;
 *   response  in Chromium, on an index of 10,000 synthetic datasets (copies of the real ones):
 *             a filter click and each keystroke of a search, from the event to the list laid out
 *             again (script, style and layout; painting follows): ≤ 50 ms.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { command, UsageError } from './app/cli.ts';
import { exportFiles } from './app/exports.ts';
import { assembleProject } from './app/project.ts';
import { loadVocabularies } from './core/config.ts';
import { loadHome } from './core/home.ts';
import type { Dataset } from './core/model.ts';
import { renderSite, type SiteInput } from './core/site/pages.ts';
import { findChromium, launchChromium } from './io/browser.ts';
import { forgetFor } from './io/cache-store.ts';
import { replaceFolder } from './io/files.ts';
import { serveFolder } from './io/static-server.ts';

const USAGE = `Usage: npm run bench:site -- [options]

Measures the catalog site's budgets and prints them (not a test): index transfer size (gzip),
site build time (cold and warm), and filter and search response in Chromium on 10,000
synthetic datasets. Cold runs delete this code's bundle and caches first.

Options:
  --entries <n>  synthetic catalog size for the browser figures (default 10000)
  --runs <n>     runs per figure; the median is printed (default 5)
  -h, --help     show this help
`;

const OPTIONS = {
  entries: { type: 'string', default: '10000' },
  runs: { type: 'string', default: '5' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const root = process.cwd();

function wholeNumber(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} takes a whole number from 1 to ${max}, not "${value}"`);
  return n;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'within budget' : 'OVER BUDGET');

/** Copy number n of a dataset: its own id and name, so that the index holds n distinct entries. */
function copyOf(dataset: Dataset, n: number): Dataset {
  const { supersededBy: _, ...rest } = dataset;
  return { ...rest, id: `${dataset.id}-${n}`, name: `${dataset.name} copy ${n}`, aliases: [] };
}

function timeSiteCommand(out: string): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [path.join(root, 'scripts', 'run.mjs'), 'site', '--out', out], { cwd: root, stdio: 'pipe' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

await command(USAGE, OPTIONS, async (options) => {
  const entries = wholeNumber('entries', options.entries, 100_000);
  const runs = wholeNumber('runs', options.runs, 100);
  const { inputs, result } = await assembleProject(root);
  const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
  const home = loadHome(inputs.packageJson).home!;
  const datasets = result.records.map((r) => r.dataset);
  const exports = exportFiles(root, datasets, vocabularies, home).files ?? [];
  const input: SiteInput = { datasets, vocabularies, home, exports };
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'amd-bench-site-'));
  const lines: string[] = [`Site budgets (${os.cpus().length} cores, load ${os.loadavg().map((n) => n.toFixed(2)).join(' ')})`, ''];
  try {
    // Transfer size of the index: what a first visit downloads.
    const files = new Map(renderSite(input).map((f) => [f.path, f.content]));
    const parts = ['index.html', 'site.css', 'site.js'].map((name) => ({ name, raw: Buffer.byteLength(files.get(name)!), gzip: gzipSync(files.get(name)!).length }));
    const transfer = parts.reduce((sum, p) => sum + p.gzip, 0);
    lines.push(`Index transfer, real catalog (${datasets.length} datasets): ${kb(transfer)} gzip (${parts.map((p) => `${p.name} ${kb(p.gzip)} of ${kb(p.raw)}`).join(', ')}); budget 150 KB: ${verdict(transfer <= 150 * 1024)}`);

    // Build time.
    const render = median(Array.from({ length: runs }, () => {
      const start = performance.now();
      renderSite(input);
      return performance.now() - start;
    }));
    const out = path.join(scratch, 'site');
    const startFrom = (state: 'installed' | 'edited') =>
      median(Array.from({ length: Math.min(runs, 3) }, () => {
        forgetFor(state);
        rmSync(out, { recursive: true, force: true }); // a fresh clone has no site yet either
        return timeSiteCommand(out);
      }));
    const edited = startFrom('edited');
    const cold = startFrom('installed');
    timeSiteCommand(out);
    const warm = median(Array.from({ length: runs }, () => timeSiteCommand(out)));
    lines.push(`Site build, real catalog: warm ${ms(warm)}, cold ${ms(cold)} (whole process: npm run site minus npm; cold: a fresh clone after npm ci, whose prepare step bundles the toolchain); rendering alone ${ms(render)}; budget 1 s: warm ${verdict(warm <= 1000)}, cold ${verdict(cold <= 1000)}; first run after a code edit (bundling again) ${ms(edited)}`);

    // Response in Chromium at scale.
    const chromium = findChromium();
    if (!chromium) {
      lines.push('Filter and search response: not measured (no Chromium: install the chromium package or set CHROMIUM_PATH)');
    } else {
      const many = Array.from({ length: entries }, (_, i) => copyOf(datasets[i % datasets.length]!, i));
      const folder = path.join(scratch, 'large');
      replaceFolder(folder, renderSite({ ...input, datasets: many, exports: [] }));
      const server = await serveFolder(folder, '/bench/');
      const browser = await launchChromium(chromium);
      try {
        const page = await browser.newPage();
        await page.setViewportSize({ width: 1280, height: 900 });
        const loadStart = Date.now();
        await page.goto(server.url, { waitUntil: 'load' });
        const load = Date.now() - loadStart;
        const filter: number[] = [];
        const search: number[] = [];
        for (let run = 0; run < runs; run++) {
          // A filter switched on, then off: two responses.
          filter.push(...(await page.evaluate(() => {
            const box = document.querySelector<HTMLInputElement>('input[data-facet=modality][value=CT]')!;
            const times: number[] = [];
            for (let i = 0; i < 2; i++) {
              const start = performance.now();
              box.click();
              void document.getElementById('results')!.offsetHeight; // style and layout, now
              times.push(performance.now() - start);
            }
            return times;
          })));
          // A search typed one character at a time, then cleared.
          search.push(...(await page.evaluate(() => {
            const field = document.getElementById('q') as HTMLInputElement;
            const times: number[] = [];
            for (const value of ['b', 'br', 'bra', 'brai', 'brain', 'brain ', 'brain t', 'brain tu', 'brain tum', 'brain tumo', 'brain tumou', 'brain tumour', '']) {
              const start = performance.now();
              field.value = value;
              field.dispatchEvent(new Event('input', { bubbles: true }));
              void document.getElementById('results')!.offsetHeight;
              times.push(performance.now() - start);
            }
            return times;
          })));
        }
        const worst = (values: number[]) => Math.max(...values);
        lines.push(`Filter response, ${entries.toLocaleString('en')} datasets in Chromium: median ${ms(median(filter))}, worst ${ms(worst(filter))} of ${filter.length}; budget 50 ms: ${verdict(worst(filter) <= 50)}`);
        lines.push(`Search response per keystroke, same index: median ${ms(median(search))}, worst ${ms(worst(search))} of ${search.length}; budget 50 ms: ${verdict(worst(search) <= 50)}`);
        lines.push(`(That index: ${kb(gzipSync(readFileSync(path.join(folder, 'index.html'))).length)} gzip, first load ${load} ms.)`);
      } finally {
        await browser.close();
        await server.close();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
});
