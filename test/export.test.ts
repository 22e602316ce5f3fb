/** npm run export: JSON valid against its published schema, RFC 4180 CSV, BibTeX; deterministic bytes. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import fc from 'fast-check';
import { bibtexText, CSV_COLUMNS, csvField, exportObject, firstSentence, toBibtex, toCsv, toJson } from '../scripts/core/export/formats.ts';
import type { Dataset } from '../scripts/core/model.ts';
import { compileSchema } from '../scripts/core/schema.ts';
import { assemble } from '../scripts/pipeline.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { realInputs, ROOT, runs } from './helpers.ts';

const inputs = realInputs();
/** `FUZZ_SCALE=20` for a deep run, as in fuzz.test.ts. */
/** Braces pair up, counted as bibtex counts them (a backslash does not escape one). */
const balanced = (text: string) => [...text].reduce((depth, c) => (depth < 0 ? depth : depth + (c === '{' ? 1 : c === '}' ? -1 : 0)), 0) === 0;
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
    expect(bib).toContain('doi = {10.1000/ABC_{1}}'); // verbatim: as it is, braces balanced
    expect(bibtexText('50% #1_a~b^c & {x} \\ --')).toBe('50\\% \\#1\\_a\\textasciitilde{}b\\textasciicircum{}c \\& \\textbraceleft{}x\\textbraceright{} \\textbackslash{} -{}-');
    const all = toBibtex(datasets);
    expect(all.match(/^@misc\{/gm)).toHaveLength(datasets.filter((d) => d.links.paper).length);
  });

  test('BibTeX: a BibTeX reader reads every field back (a LaTeX-aware parser, on random text)', () => {
    const read = (bib: string) => {
      const library = parseBibtex(bib, { english: false }); // no sentence-casing: Zotero's conversion, not reading
      expect(library.errors).toEqual([]);
      expect(library.entries).toHaveLength(1);
      return library.entries[0]!.fields as Record<string, string | undefined>;
    };
    // Not representable, and so not claimed (formats.ts says why): TeX reads a run of whitespace
    // as one space and drops it at the ends; control characters have no printed form.
    const asTexReadsIt = (value: string) => value.replace(/(?![\t\n\v\f\r])\p{Cc}/gu, '').replace(/[\t\n\v\f\r ]+/g, ' ').trim();
    const pieces = fc.constantFrom(...'\\{}%&$#_^~<>|"\'`-,!?@=: \t\n\u00a0éﬁ𝔸\u0301\u202e\u200d'.split(''), '--', '---', "''", '``', '!`', '?`', ',,', '\\}', '\\{', '{\\x}');
    const text = fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), { maxLength: 10 }).map((parts) => parts.join(''));
    // URL and DOI characters (RFC 3986, plus what DOI names hold). In verbatim fields (doi, url)
    // this parser still reads `$…$`, `\(…\)` and `\[…\]` as math, which biber does not (it
    // keeps verbatim fields as they are): such DOIs are left out of the comparison.
    const urlPart = fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~!&\'()*+,;=:@/?#%[]{}\\<>^|'.split('')), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(text, text, urlPart, urlPart, (name, description, homepagePath, doiSuffix) => {
        fc.pre(!/\\[()[\]]/.test(doiSuffix));
        const dataset: Dataset = { ...awkward, name, description, links: { homepage: `https://example.org/${homepagePath}`, paper: `https://doi.org/10.1000/${encodeURIComponent(doiSuffix)}` } };
        const fields = read(toBibtex([dataset]));
        expect(fields.title ?? '').toBe(asTexReadsIt(`${name}: ${firstSentence(description)}`));
        expect(fields.note).toBe(asTexReadsIt(`Dataset homepage: ${dataset.links.homepage}`));
        expect(fields.url).toBe(dataset.links.paper!.replace(/[{}]/g, encodeURIComponent));
        // A DOI with unbalanced braces or a backslash before a brace (or the field's closing one) has no verbatim form: left out.
        if (/\\[{}]|\\$/.test(doiSuffix) || !balanced(doiSuffix)) expect(fields.doi).toBeUndefined();
        else expect(fields.doi).toBe(`10.1000/${doiSuffix}`);
      }),
      { numRuns: runs(300) },
    );
  });

  test('BibTeX: a doi.org link whose percent-encoding names no text exports without a doi, not a crash', async () => {
    const bib = toBibtex([{ ...awkward, links: { ...awkward.links, paper: 'https://doi.org/10.1000/%FF' } }]);
    expect(bib).toContain('url = {https://doi.org/10.1000/%FF}');
    expect(bib).not.toContain('doi =');
  });

  test('CSV formula guard: = + - @ after leading whitespace or control characters, and leading tab, CR, LF (OWASP)', () => {
    for (const value of ['=1+1', ' =1+1', '\n=1+1', '\r\n@SUM(A1)', '\t+1', '  -2', '\u00a0=1', '\u3000=1', '\u0000=1', '\t', '\rtext', '\ntext', '＝1+1']) {
      expect(csvField(value).replace(/^"/, ''), JSON.stringify(value)).toMatch(/^'/);
    }
    for (const value of ['plain', 'a=b', '1-2', 'x @y', '']) expect(csvField(value)).toBe(value);
    const [row] = parseCsv(toCsv([{ ...awkward, name: ' =cmd|\' /C calc\'!A0' }], vocabularies), { columns: true }) as Record<string, string>[];
    expect(row!.name).toBe("' =cmd|' /C calc'!A0");
  });

  test('JSON export: control and bidi characters as \\u escapes, the same values when read', () => {
    const text = `a\u001b[2Jb\u0085c\u202ed\u2066e\u2028f\u{e0041}`;
    const json = toJson(exportObject([{ ...awkward, name: text }], vocabularies));
    expect(json).not.toMatch(/[\0-\t\v-\x1f\x7f-\x9f\p{Cf}\u2028\u2029]/u); // line feeds only, between JSON's own lines
    expect(JSON.parse(json).datasets[0].name).toBe(text);
  });

  test('provenance: every dataset\'s sources, last_verified and "none stated" versus "not checked" licence, in the JSON and the CSV', () => {
    const json = new Map(exportObject(datasets, vocabularies).datasets.map((d) => [d.id, d]));
    const csv = new Map((parseCsv(toCsv(datasets, vocabularies), { columns: true }) as Record<string, string>[]).map((r) => [r.id, r]));
    for (const d of datasets) {
      const [object, row] = [json.get(d.id)!, csv.get(d.id)!];
      expect(object.sources, d.id).toEqual(d.sources);
      expect(object.lastVerified, d.id).toBe(d.lastVerified);
      expect(object.license, d.id).toEqual(d.license);
      expect(row.last_verified, d.id).toBe(d.lastVerified ?? '');
      expect((row.sources ?? '').split(' | ').filter(Boolean), d.id).toEqual(d.sources.map((s) => `${s.url} (${s.supports.join(', ')}; checked ${s.checked})`));
      if (d.license.kind === 'none-stated') expect(row.license, d.id).toBe('no licence stated by the provider');
      if (d.license.kind === 'unknown') expect(row.license, d.id).toBe('licence not checked');
    }
    // The catalog has all three cases, so the loop above asserts each of them.
    expect(datasets.some((d) => d.license.kind === 'none-stated')).toBe(true);
    expect(datasets.some((d) => d.license.kind === 'unknown')).toBe(true);
    expect(datasets.some((d) => d.lastVerified !== undefined && d.sources.length > 0)).toBe(true);
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
