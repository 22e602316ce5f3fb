/**
 * npm run bench — whole-process wall time of `check` (and `build`) on the real catalog and on
 * synthetic catalogs of 1,000 and 10,000 datasets, generated in a temporary folder from the real
 * data files (ids, names and links made unique). Each figure is measured twice over:
 *
 *   cold   — as on a fresh clone after `npm ci` (what CI sees): the bundle that install's prepare
 *            step built, no caches (node_modules/.cache/amd/<version>/projects/ deleted);
 *   edited — the first run after a change to the code: no bundle either, run.mjs builds it;
 *   warm   — the same command again, with the bundle built and the caches filled.
 *
 * Prints figures, ratios and per-entry costs; it is not a test and asserts nothing. With
 * --profile, also runs the largest catalog's check cold and warm under `node --cpu-prof` and
 * prints where the time went, located in scripts/*.ts through the bundle's source maps.
 *
 * Targets (2-core machine): the real catalog's warm check ≤ 1 s; 10,000 entries ≤ 5 s cold and
 * ≤ 2 s warm; time linear in entries (per-entry cost at 10,000 close to that at 1,000).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { forgetFor, projectCacheFile } from './io/cache-store.ts';
import { summarizeProfile, type ProfileSummary } from './io/cpu-profile.ts';
import { LAYOUT } from './io/files.ts';
import { command, UsageError } from './app/cli.ts';
import { synthesize } from './app/synthetic-catalog.ts';

const USAGE = `Usage: npm run bench -- [options]

Times npm run check and npm run build, cold and warm, on the real catalog and on synthetic
catalogs, and prints figures (not a test). Run it from the repository root. Cold runs delete
this code's caches first (as npm ci leaves a fresh clone), runs "after an edit" its bundle
too: do not run other commands meanwhile.

Options:
  --sizes <n,n…>  synthetic catalog sizes (default 1000,10000)
  --runs <n>      runs per figure; the median is printed (default 3)
  --profile       also profile the largest catalog's check, cold and warm
  -h, --help      show this help
`;

const OPTIONS = {
  sizes: { type: 'string', default: '1000,10000' },
  runs: { type: 'string', default: '3' },
  profile: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function wholeNumbers(name: string, value: string, max: number, list: boolean): number[] {
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if ((!list && numbers.length > 1) || numbers.some((n) => !Number.isInteger(n) || n < 1 || n > max)) {
    throw new UsageError(`--${name} takes ${list ? 'whole numbers' : 'a whole number'} from 1 to ${max}${list ? ', comma-separated' : ''}, not "${value}"`);
  }
  return numbers;
}

const root = process.cwd();
/** The node arguments of `npm run <command>`, so the benchmark times exactly what users run (minus npm itself). */
function nodeArguments(command: string): string[] {
  const packageScripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
  const words = packageScripts[command]!.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm run ${command} does not start with node: ${packageScripts[command]}`);
  return words.slice(1);
}

/**
 * CPU time (user + system, ms) of the child processes this one has waited for, from
 * /proc/self/stat (Linux; undefined elsewhere). Unlike wall time it hardly moves with the load
 * other programs put on the machine, so before/after comparisons stay meaningful on a busy one.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux a user runs this on. */
const CLOCK_TICKS_PER_SECOND = 100;

interface Timing {
  wall: number;
  cpu: number | undefined;
}

function timeCommand(command: string, dir: string, nodeOptions: string[] = []): Timing {
  const start = process.hrtime.bigint();
  const cpuBefore = childrenCpuMs();
  try {
    execFileSync(process.execPath, [...nodeOptions, ...nodeArguments(command), '--root', dir], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`${command} failed on ${dir}:\n${output.slice(0, 2000)}`);
  }
  const cpuAfter = childrenCpuMs();
  return { wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time and median CPU time of n runs. */
function repeat(n: number, run: () => Timing): Timing {
  const timings = Array.from({ length: n }, run);
  const cpu = timings.map((t) => t.cpu);
  return { wall: median(timings.map((t) => t.wall)), cpu: cpu.every((c) => c !== undefined) ? median(cpu) : undefined };
}

interface Row {
  catalog: string;
  entries: number;
  cold: Timing;
  edited: Timing;
  warm: Timing;
  build?: Timing;
}

function measure(catalog: string, entries: number, dir: string, withBuild: boolean, runs: number): Row {
  // This process keeps running from the bundle it was loaded from: deleting it is safe.
  const edited = repeat(runs, () => {
    forgetFor('edited');
    return timeCommand('check', dir);
  });
  const cold = repeat(runs, () => {
    forgetFor('installed');
    return timeCommand('check', dir);
  });
  timeCommand('check', dir); // the cold runs filled the caches already; one more run settles the file system
  const warm = repeat(Math.max(runs, catalog === 'real' ? 5 : runs), () => timeCommand('check', dir));
  if (!withBuild) return { catalog, entries, cold, edited, warm };
  timeCommand('build', dir);
  return { catalog, entries, cold, edited, warm, build: repeat(runs, () => timeCommand('build', dir)) };
}

function profileCheck(dir: string): { cold: ProfileSummary; warm: ProfileSummary } {
  const folder = path.join(os.tmpdir(), `amd-bench-profile-${process.pid}`);
  const profiled = (name: string) => {
    rmSync(path.join(folder, name), { recursive: true, force: true });
    timeCommand('check', dir, ['--cpu-prof', `--cpu-prof-dir=${path.join(folder, name)}`]);
  };
  forgetFor('installed');
  profiled('cold');
  profiled('warm');
  const summary = (name: string) => summarizeProfile(path.join(folder, name, readdirSync(path.join(folder, name))[0]!), root);
  const result = { cold: summary('cold'), warm: summary('warm') };
  rmSync(folder, { recursive: true, force: true });
  return result;
}

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cpuOf = (t: Timing) => (t.cpu === undefined ? '–' : fmt(t.cpu));
const perEntry = (ms: number, entries: number) => `${((ms / entries) * 1000).toFixed(0)} µs`;
const verdict = (t: Timing, limit: number) => `${fmt(t.wall)} (target ≤ ${fmt(limit)}: ${t.wall <= limit ? 'met' : 'NOT met'}; CPU ${cpuOf(t)})`;

await command(USAGE, OPTIONS, async (values) => {
  const sizes = wholeNumbers('sizes', values.sizes, 1_000_000, true);
  const [runs] = wholeNumbers('runs', values.runs, 100, false);
  await benchmark(sizes, runs!, values.profile);
  return 0;
});

async function benchmark(sizes: number[], runs: number, profile: boolean): Promise<void> {
    const loadBefore = load();
    const rows: Row[] = [measure('real', (await readdir(path.join(root, LAYOUT.datasets))).filter((n) => n.endsWith('.yaml')).length, root, false, runs)];
    let profiles: { cold: ProfileSummary; warm: ProfileSummary } | undefined;
    for (const count of sizes) {
      const dir = await synthesize(root, count);
      try {
        rows.push(measure('synthetic', count, dir, true, runs));
        if (profile && count === Math.max(...sizes)) profiles = profileCheck(dir);
      } finally {
        await rm(dir, { recursive: true, force: true });
        rmSync(projectCacheFile(dir), { force: true }); // its caches would outlive it
      }
    }
    timeCommand('check', root); // leave the bundle and the real catalog's caches as a user expects them

    console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${loadBefore} before, ${load()} after`);
    console.log(`median of ${runs} runs (warm on the real catalog: of ${Math.max(runs, 5)}), whole process incl. start-up; wall time, and CPU time (user + system)`);
    console.log('cold: as on a fresh clone after npm ci (bundle built by its prepare step, no caches); after an edit: no bundle either (it is built first); warm: run again\n');
    console.log('| catalog | entries | check cold | CPU | after an edit | check warm | CPU | build warm | cold per entry | warm per entry |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      console.log(
        `| ${r.catalog} | ${r.entries} | ${fmt(r.cold.wall)} | ${cpuOf(r.cold)} | ${fmt(r.edited.wall)} | ${fmt(r.warm.wall)} | ${cpuOf(r.warm)} | ${r.build === undefined ? '–' : fmt(r.build.wall)} | ${perEntry(r.cold.wall, r.entries)} | ${perEntry(r.warm.wall, r.entries)} |`,
      );
    }

    console.log(`\nreal catalog: check warm ${verdict(rows[0]!.warm, 1000)}; cold ${fmt(rows[0]!.cold.wall)}`);
    const synthetic = rows.filter((r) => r.catalog === 'synthetic');
    const target = synthetic.find((r) => r.entries === 10000);
    if (target) console.log(`10,000 entries: check cold ${verdict(target.cold, 5000)}; warm ${verdict(target.warm, 2000)}`);
    if (synthetic.length >= 2) {
      const [a, b] = [synthetic[0]!, synthetic.at(-1)!];
      const scale = b.entries / a.entries;
      console.log(
        `\n${b.entries}/${a.entries} entries = ${scale}x; time ratio cold ${(b.cold.wall / a.cold.wall).toFixed(2)}x, warm ${(b.warm.wall / a.warm.wall).toFixed(2)}x` +
          ` (linear would be ≤ ${scale}x: start-up is paid once)`,
      );
      const marginal = (key: 'cold' | 'warm') => `${(((b[key].wall - a[key].wall) / (b.entries - a.entries)) * 1000).toFixed(0)} µs`;
      console.log(`marginal cost per entry between ${a.entries} and ${b.entries}: cold ${marginal('cold')}, warm ${marginal('warm')}`);
    }

    if (profiles) {
      for (const [name, summary] of Object.entries(profiles)) {
        console.log(`\nprofile of check, ${Math.max(...sizes)} entries, ${name}: ${fmt(summary.totalMs)} sampled`);
        console.log('  self time (the function’s own code):');
        for (const row of summary.self) console.log(`    ${row.ms.toFixed(0).padStart(6)} ms ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.label}`);
        console.log('  inclusive time, the toolchain’s functions:');
        for (const row of summary.inclusive) console.log(`    ${row.ms.toFixed(0).padStart(6)} ms ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.label}`);
      }
    }
}
