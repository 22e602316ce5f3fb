/** npm run export: JSON valid against its published schema, RFC 4180 CSV, BibTeX; deterministic bytes. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { bibtexText, CSV_COLUMNS, csvField, exportObject, toBibtex, toCsv } from '../scripts/core/export/formats.ts';
import type { Dataset } from '../scripts/core/model.ts';
import { compileSchema } from '../scripts/core/schema.ts';
import { assemble } from '../scripts/pipeline.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { realInputs, ROOT } from './helpers.ts';

const inputs = realInputs();
const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
const datasets = assemble(inputs).records.map((r) => r.dataset);
const awkward: Dataset = {
  ...datasets[0]!,
  id: 'awkward',
  name: '=HYPERLINK("x"), "quoted" & {braced} 50% #1_a~b^c',
  description: 'Line one,\nline two with "quotes" and a\r\ncarriage return.',
  links: { homepage: 'https://example.org/a,b', paper: 'https://doi.org/10.1000/ABC_%7B1%7D' },
};

describe('exports', () => {
  test('JSON matches the published export schema and lists every dataset', async () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'data/export.schema.json'), 'utf8'));
    const validate = compileSchema(schema);
    const document = exportObject([...datasets, awkward], vocabularies);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.count).toBe(datasets.length + 1);
    expect(document.datasets.map((d) => d.id)).toEqual([...document.datasets.map((d) => d.id)].sort());
  });

  test('CSV is RFC 4180: CRLF rows, quoted fields, doubled quotes; a CSV parser reads the data back', async () => {
    const csv = toCsv([...datasets, awkward], vocabularies);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(datasets.length + 1);
    const row = rows.find((r) => r.id === 'awkward')!;
    expect(row.name).toBe(`'${awkward.name}`); // formula guard
    expect(row.description).toBe(awkward.description);
    expect(row.homepage).toBe('https://example.org/a,b');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a"b')).toBe('"a""b"');
  });

  test('BibTeX: one entry per paper link, special characters escaped, DOIs extracted', async () => {
    const bib = toBibtex([awkward]);
    expect(bib).toMatch(/^@misc\{awkward,\n/);
    expect(bib).toContain('doi = {10.1000/ABC\\_\\{1\\}}');
    expect(bibtexText('50% #1_a~b^c & {x}')).toBe('50\\% \\#1\\_a\\textasciitilde{}b\\textasciicircum{}c \\& \\{x\\}');
    const all = toBibtex(datasets);
    expect(all.match(/^@misc\{/gm)).toHaveLength(datasets.filter((d) => d.links.paper).length);
  });

  test('deterministic bytes, whatever the input order', async () => {
    const reversed = [...datasets].reverse();
    expect(toCsv(reversed, vocabularies)).toBe(toCsv(datasets, vocabularies));
    expect(toBibtex(reversed)).toBe(toBibtex(datasets));
    expect(JSON.stringify(exportObject(reversed, vocabularies))).toBe(JSON.stringify(exportObject(datasets, vocabularies)));
  });

  test('the command writes dist/ once and then reports it up to date', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-export-'));
    for (const p of ['data', 'docs', 'README.md', '.github']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
    const run = (options: CommandOptions = {}) => runCommand('export', ['--root', dir], options);
    expect((await run({ process: true })).stdout).toContain('wrote dist/datasets.json, dist/datasets.csv, dist/datasets.bib');
    const json = readFileSync(path.join(dir, 'dist/datasets.json'), 'utf8');
    expect((await run()).stdout).toContain('everything already up to date');
    expect(readFileSync(path.join(dir, 'dist/datasets.json'), 'utf8')).toBe(json);
    rmSync(dir, { recursive: true, force: true });
  });
});
