/**
 * Synthetic catalogs for the benchmarks: N data files made from the real ones, each distinct in
 * every field the duplicate rules compare, valid and in canonical form, so that a benchmark
 * measures the work of a clean catalog of that size.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, type Scalar, type YAMLMap } from 'yaml';
import { loadVocabularies, schemaWithVocabularies } from '../core/config.ts';
import { canonicalize, formatOrder } from '../core/format.ts';
import { LAYOUT, readSource } from '../io/files.ts';

/** The schema's limit on a dataset's name. */
export function nameLimit(schema: object): number {
  const limit = (schema as { properties?: { name?: { maxLength?: number } } }).properties?.name?.maxLength;
  if (typeof limit !== 'number') throw new Error('the dataset schema sets no maxLength for name');
  return limit;
}

/**
 * Copy number `n` of a real data file, distinct in every field the duplicate rules compare
 * (id, name, aliases, links), and in canonical form, as `npm run fix` would leave it.
 */
export function variant(text: string, id: string, n: number, format: (text: string) => string, nameMax: number): string {
  const doc = parseDocument(text);
  doc.set('id', `${id}-${n}`);
  // Two numbers, so that neighbouring copies are more than one typo apart (data/similar-name).
  // The suffix keeps the name within the schema's limit: a long real name is shortened, not the suffix.
  const suffix = ` copy ${n}-${(n * 7919) % 10007}`;
  doc.set('name', `${String(doc.get('name')).slice(0, nameMax - suffix.length)}${suffix}`);
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

export async function synthesize(root: string, count: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `amd-bench-${count}-`));
  await mkdir(path.join(dir, LAYOUT.datasets), { recursive: true });
  for (const file of [LAYOUT.vocabularies, LAYOUT.sections, LAYOUT.schema, LAYOUT.readme]) {
    await cp(path.join(root, file), path.join(dir, file));
  }
  const vocabularies = loadVocabularies(readSource(root, LAYOUT.vocabularies)).vocabularies!;
  const schema = schemaWithVocabularies(readSource(root, LAYOUT.schema), vocabularies).schema!;
  const order = formatOrder(schema);
  const nameMax = nameLimit(schema);
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
    await writeFile(path.join(dir, LAYOUT.datasets, `${id}-${i}.yaml`), variant(originals[k]!, id, i, format, nameMax));
  }
  return dir;
}

