/** Builds pipeline inputs in memory: the real configuration plus the data files a test names. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../scripts/core/diagnostic.ts';
import type { SourceFile } from '../scripts/core/source.ts';
import { LAYOUT, readInputs } from '../scripts/io/files.ts';
import { assemble, type Inputs } from '../scripts/pipeline.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export const realInputs = (): Inputs => readInputs(ROOT);

export function source(relative: string, content: string | Uint8Array): SourceFile {
  return { path: relative, bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content };
}

export const datasetPath = (id: string) => `${LAYOUT.datasets}/${id}.yaml`;

export function readFixture(name: string): Uint8Array {
  return readFileSync(path.join(FIXTURES, name));
}

/**
 * A package.json that names a repository: the real one may still hold the placeholder owner,
 * whose warning (config/home-url) has its own tests and would only be noise in the others.
 */
export const TEST_PACKAGE_JSON = source(LAYOUT.packageJson, JSON.stringify({ repository: 'github:example-owner/awesome-medical-datasets' }));

/** The real project with the given data files instead of the real ones. */
export function inputsWith(datasets: Record<string, string | Uint8Array>, overrides: Partial<Inputs> = {}): Inputs {
  return {
    ...realInputs(),
    packageJson: TEST_PACKAGE_JSON,
    datasets: Object.entries(datasets).map(([id, content]) => source(datasetPath(id), content)),
    ...overrides,
  };
}

export function run(datasets: Record<string, string | Uint8Array>, overrides: Partial<Inputs> = {}) {
  return assemble(inputsWith(datasets, overrides));
}

/** The compact projection tests assert on: rule, file, line:column. */
export function compact(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column}`);
}

/**
 * A valid data file; `fields` replace top-level YAML lines of the same key. Its licence and
 * access come with a source (`sources`, last in canonical order) unless `fields` gives one.
 */
export function validDataset(id: string, fields: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    id: `id: ${id}`,
    name: `name: Dataset ${id}`,
    organs: 'organs: [brain]',
    tasks: 'tasks: [segmentation]',
    modalities: 'modalities:\n  - MRI: [T1, T2]',
    size: 'size:\n  - {count: 1204, unit: scans}',
    labels: 'labels: Tumour masks',
    description: 'description: A dataset used by the tests, described in a sentence.',
    links: `links:\n  homepage: https://example.org/${id}`,
    year: 'year: 2020',
    license: 'license: CC-BY-4.0',
    access: 'access: open',
  };
  const merged = { ...base, ...fields };
  let body = Object.values(merged).filter((line) => line !== '').join('\n');
  // The licence and access it states come with their source, as data/unsourced-fact asks.
  const stated = (['license', 'access'] as const).filter((field) => new RegExp(`^${field}: (?!unknown$)`, 'm').test(body));
  if (!('sources' in fields) && stated.length > 0) {
    body += `\nsources:\n  - url: https://example.org/${id}/terms\n    supports: [${stated.join(', ')}]\n    checked: 2020-01-01`;
  }
  return `# yaml-language-server: $schema=../dataset.schema.json\n${body}\n`;
}

/**
 * For tests whose web is a server on 127.0.0.1, which data/private-host refuses in a real
 * catalog: the project copy at `root` turns that one rule off in its data/rules.yaml, as a project may.
 */
export function allowLocalLinks(root: string): void {
  const file = path.join(root, 'data/rules.yaml');
  const text = readFileSync(file, 'utf8');
  if (!/^severity: \{\}$/m.test(text)) throw new Error('data/rules.yaml changed shape: update allowLocalLinks');
  writeFileSync(file, text.replace(/^severity: \{\}$/m, 'severity:\n  data/private-host: off'));
}

/** How many cases a property or fuzz test tries: `n`, times FUZZ_SCALE (e.g. FUZZ_SCALE=20 for a long run). */
export const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.FUZZ_SCALE ?? 1)));
