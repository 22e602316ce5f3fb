/**
 * The layout's promises, checked on the import graph of scripts/: no import cycles (type-only
 * imports count: a cycle of types is still two files that cannot be read one before the other),
 * and a pure core that reaches neither the file system, processes, the network nor the edges.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './helpers.ts';

const SCRIPTS = path.join(ROOT, 'scripts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Each file's imports: relative ones resolved to files, others as written (`node:fs`, `undici`). */
const graph = new Map(
  sources(SCRIPTS).map((file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"`]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|import\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
    return [file, specifiers.map((s) => (s.startsWith('.') ? path.resolve(path.dirname(file), s) : s))] as const;
  }),
);
const relative = (file: string) => path.relative(ROOT, file);

test('the import graph was read (guards the regex above)', () => {
  expect(graph.size).toBeGreaterThan(40);
  expect(graph.get(path.join(SCRIPTS, 'pipeline.ts'))).toContain(path.join(SCRIPTS, 'core', 'diagnostic.ts'));
});

test('no import cycles in scripts/', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map(relative).join(' → '));
      return;
    }
    state.set(file, 'visiting');
    for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  expect(cycles).toEqual([]);
});

test('the core is pure: no file system, processes, network, or edge modules', () => {
  // node:net is allowed for its pure address helpers (isIP).
  const edges = /^(node:(fs|child_process|http|https|dns)(\/promises)?|undici)$/;
  const offending = [...graph]
    .filter(([file]) => file.startsWith(path.join(SCRIPTS, 'core') + path.sep))
    .flatMap(([file, imports]) =>
      imports.filter((i) => edges.test(i) || (path.isAbsolute(i) && !i.startsWith(path.join(SCRIPTS, 'core')))).map((i) => `${relative(file)} imports ${path.isAbsolute(i) ? relative(i) : i}`),
    );
  expect(offending).toEqual([]);
});

test('io/ is the edges only: it never imports the command wiring in app/', () => {
  const offending = [...graph]
    .filter(([file]) => file.startsWith(path.join(SCRIPTS, 'io') + path.sep))
    .flatMap(([file, imports]) => imports.filter((i) => i.startsWith(path.join(SCRIPTS, 'app') + path.sep)).map((i) => `${relative(file)} imports ${relative(i)}`));
  expect(offending).toEqual([]);
});

test('the pipeline is pure like the core: files, git and the network are passed in', () => {
  const edges = /^(node:(fs|child_process|http|https|dns|net)(\/promises)?|undici)$/;
  const imports = graph.get(path.join(SCRIPTS, 'pipeline.ts')) ?? [];
  const offending = imports.filter((i) => edges.test(i) || (path.isAbsolute(i) && !i.startsWith(path.join(SCRIPTS, 'core') + path.sep)));
  expect(offending.map((i) => (path.isAbsolute(i) ? relative(i) : i))).toEqual([]);
});
