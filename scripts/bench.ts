/**
 * npm run bench — whole-process wall time of `check` and `build` on synthetic catalogs of
 * 1,000 and 10,000 datasets, generated in a temporary folder from the real data files (ids,
 * names and links made unique). Prints figures and ratios; it is not a test and asserts nothing.
 *
 * Targets (2-core machine): 10,000 entries checked and rendered in under 2 s each; time growing
 * linearly with entries (per-entry cost at 10,000 close to that at 1,000).
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument, type Scalar, type YAMLMap } from 'yaml';
import { loadVocabularies, schemaWithVocabularies } from './core/config.ts';
import { canonicalize, formatOrder } from './core/format.ts';
import { LAYOUT, readSource } from './io/files.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '3' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const root = process.cwd();
const packageScripts = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** The node arguments of `npm run <command>`, so the benchmark times exactly what users run (minus npm itself). */
function nodeArguments(command: string): string[] {
  const words = packageScripts[command]!.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm run ${command} does not start with node: ${packageScripts[command]}`);
  return words.slice(1);
}

/**
 * Copy number `n` of a real data file, distinct in every field the duplicate rules compare
 * (id, name, aliases, links), and in canonical form, as `npm run fix` would leave it.
 */
function variant(text: string, id: string, n: number, format: (text: string) => string): string {
  const doc = parseDocument(text);
  doc.set('id', `${id}-${n}`);
  // Two numbers, so that neighbouring copies are more than one typo apart (data/similar-name).
  doc.set('name', `${String(doc.get('name'))} copy ${n}-${(n * 7919) % 10007}`);
  doc.delete('aliases');
  doc.delete('family');
  doc.delete('version');
  const links = doc.get('links') as YAMLMap;
  for (const pair of links.items) {
    const scalar = pair.value as Scalar;
    scalar.value = String(scalar.value).replace(/^https?:\/\/(www\.)?/, `https://copy${n}.`);
  }
  return format(doc.toString());
}

async function synthesize(count: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `amd-bench-${count}-`));
  await mkdir(path.join(dir, LAYOUT.datasets), { recursive: true });
  for (const file of [LAYOUT.vocabularies, LAYOUT.sections, LAYOUT.schema, LAYOUT.readme]) {
    await cp(path.join(root, file), path.join(dir, file));
  }
  const vocabularies = loadVocabularies(readSource(root, LAYOUT.vocabularies)).vocabularies!;
  const order = formatOrder(schemaWithVocabularies(readSource(root, LAYOUT.schema), vocabularies).schema!);
  const format = (text: string) => {
    const result = canonicalize(text, order, vocabularies);
    if (!result.ok) throw new Error(result.reason);
    return result.text;
  };
  const names = (await readdir(path.join(root, LAYOUT.datasets))).filter((n) => n.endsWith('.yaml')).sort();
  const originals = await Promise.all(names.map((n) => readFile(path.join(root, LAYOUT.datasets, n), 'utf8')));
  for (let i = 0; i < count; i++) {
    const k = i % originals.length;
    const id = names[k]!.replace(/\.yaml$/, '');
    await writeFile(path.join(dir, LAYOUT.datasets, `${id}-${i}.yaml`), variant(originals[k]!, id, i, format));
  }
  return dir;
}

function timeCommand(command: string, dir: string): number {
  const start = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, [...nodeArguments(command), '--root', dir], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`${command} failed on the synthetic catalog:\n${output.slice(0, 2000)}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rows: { entries: number; build: number; check: number; cold: number }[] = [];
for (const count of sizes) {
  const dir = await synthesize(count);
  try {
    // The first build writes README.md and fills the format-verdict cache (node_modules/.cache):
    // it is the cold run. Later runs measure the steady state a maintainer sees.
    const cold = timeCommand('build', dir);
    const build = median(Array.from({ length: runs }, () => timeCommand('build', dir)));
    const check = median(Array.from({ length: runs }, () => timeCommand('check', dir)));
    rows.push({ entries: count, build, check, cold });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const realCheck = median(Array.from({ length: Math.max(runs, 5) }, () => timeCommand('check', root)));

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`node ${process.version}, ${os.cpus().length} CPUs, median of ${runs} runs (whole process, incl. start-up)\n`);
console.log('| entries | check | build | check entries/s | build entries/s | first build (cold cache) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.entries} | ${fmt(r.check)} | ${fmt(r.build)} | ${Math.round(r.entries / (r.check / 1000))} | ${Math.round(r.entries / (r.build / 1000))} | ${fmt(r.cold)} |`,
  );
}
console.log(`\nreal catalog (this repository): check ${fmt(realCheck)} — target < 1 s: ${realCheck < 1000 ? 'met' : 'NOT met'}`);
if (rows.length >= 2) {
  const [a, b] = [rows[0]!, rows[rows.length - 1]!];
  const scale = b.entries / a.entries;
  console.log(
    `\n${b.entries}/${a.entries} entries = ${scale}x; time ratio check ${(b.check / a.check).toFixed(2)}x, build ${(b.build / a.build).toFixed(2)}x` +
      ` (linear would be ≤ ${scale}x; start-up cost makes small runs relatively slower)`,
  );
  const marginal = (key: 'check' | 'build') => ((b[key] - a[key]) / (b.entries - a.entries)) * 1000;
  console.log(`marginal cost per entry between ${a.entries} and ${b.entries}: check ${marginal('check').toFixed(0)} µs, build ${marginal('build').toFixed(0)} µs`);
  const target = rows.find((r) => r.entries === 10000);
  if (target) {
    console.log(`10,000 entries: check ${fmt(target.check)}, build ${fmt(target.build)} — target < 2 s each: ${target.check < 2000 && target.build < 2000 ? 'met' : 'NOT met'}`);
  }
}
