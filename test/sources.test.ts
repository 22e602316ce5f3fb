/**
 * Provenance (issue 14): every licence and access value has a source, a source supports only
 * what the file states and is not dated in the future, "checked, none stated" reads differently
 * from "not checked", and old verifications are flagged. Dates come from an injected clock.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { exportObject, toCsv } from '../scripts/core/export/formats.ts';
import { diagnostic } from '../scripts/core/diagnostic.ts';
import { stalest } from '../scripts/core/freshness.ts';
import { monthsBefore } from '../scripts/core/rules/data/sources.ts';
import { ISSUE_BODY_LIMIT, linksMarkdown } from '../scripts/reporters/links.ts';
import { gatherAll, termSources } from '../scripts/core/scaffold.ts';
import { assemble, proposeRecord, unsourcedNote } from '../scripts/pipeline.ts';
import { compact, datasetPath, inputsWith, realInputs, ROOT, validDataset } from './helpers.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const id = 'sourced';
const file = datasetPath(id);

/** The pipeline on one data file at NOW; `changed`: the file is one the change adds or edits. */
function check(text: string, options: { changed?: boolean; now?: Date } = {}) {
  const result = assemble(inputsWith({ [id]: text }), {
    now: options.now ?? NOW,
    ...(options.changed === undefined ? {} : { changedFiles: () => new Set(options.changed ? [file] : []) }),
  });
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.file === file) };
}

interface Entry {
  url?: string;
  supports?: string;
  checked?: string;
  note?: string;
}

/** A `sources:` field (lines 17 on, after license on 15 and access on 16) in canonical form. */
function sources(...entries: Entry[]) {
  const block = ({ url = 'https://example.org/terms', supports = '[license, access]', checked = '2026-11-01', note }: Entry) =>
    [`  - url: ${url}`, `    supports: ${supports}`, `    checked: ${checked}`, ...(note === undefined ? [] : [`    note: ${note}`])].join('\n');
  return { sources: `sources:\n${entries.map(block).join('\n')}` };
}

describe('data/unsourced-fact', () => {
  const unsourced = validDataset(id, { sources: '' }); // license CC-BY-4.0 (line 15), access open (line 16)

  test('a changed file: each unsourced value is an error, located at the value', () => {
    const { diagnostics } = check(unsourced, { changed: true });
    expect(compact(diagnostics)).toEqual([`data/unsourced-fact ${file}:15:10`, `data/unsourced-fact ${file}:16:9`]);
    expect(diagnostics.map((d) => d.severity)).toEqual(['error', 'error']);
    expect(diagnostics[0]!.message).toBe('license is set but no entry of sources supports it');
  });

  test('an untouched file, or no git information: nothing per file, one count in the note of npm run check', () => {
    expect(check(unsourced, { changed: false }).diagnostics).toEqual([]);
    expect(check(unsourced).diagnostics).toEqual([]);
    const { records } = check(unsourced);
    expect(unsourcedNote(records)).toBe('2 licence and access values in 1 data file have no source yet; a change to such a file adds it (data/unsourced-fact)');
    expect(unsourcedNote(check(validDataset(id, sources({}))).records)).toBeUndefined();
  });

  test('a source supporting only the licence leaves access unsourced', () => {
    const text = validDataset(id, sources({ supports: '[license]' }));
    expect(compact(check(text, { changed: true }).diagnostics)).toEqual([`data/unsourced-fact ${file}:16:9`]);
  });

  test('sourced values, and unknown (not checked) values, need nothing more', () => {
    expect(check(validDataset(id, sources({ checked: '2026-11-28', note: 'Terms page, first paragraph' })), { changed: true }).diagnostics).toEqual([]);
    expect(check(validDataset(id, { license: 'license: unknown', access: 'access: unknown' }), { changed: true }).diagnostics).toEqual([]);
  });

  test('none-stated is a value: it needs its source too', () => {
    expect(compact(check(validDataset(id, { license: 'license: none-stated', access: 'access: unknown', sources: '' }), { changed: true }).diagnostics)).toEqual([
      `data/unsourced-fact ${file}:15:10`,
    ]);
  });
});

describe('bad sources are located diagnostics', () => {
  const rulesOf = (text: string) => compact(check(text, { changed: true }).diagnostics);

  test('a URL that is not http(s)', () => {
    const { diagnostics } = check(validDataset(id, sources({ url: 'ftp://example.org/terms' })), { changed: true });
    expect(compact(diagnostics)).toEqual([`schema/format ${file}:18:10`]);
    expect(diagnostics[0]!.message).toBe('sources[0].url text "ftp://example.org/terms" must start with https:// or http://');
    expect(diagnostics[0]!.hint).toBe('write the full address, e.g. https://example.org/dataset');
  });

  test('supports naming a field that does not exist, or one the file does not have', () => {
    const misspelt = check(validDataset(id, sources({ supports: '[licence, access]' })), { changed: true });
    expect(compact(misspelt.diagnostics)).toEqual([`schema/enum ${file}:19:16`]);
    const enumDiagnostic = misspelt.diagnostics.find((d) => d.ruleId === 'schema/enum')!;
    expect(enumDiagnostic.message).toMatch(/^sources\[0\]\.supports\[0\] "licence" is not known; expected one of name, .*; did you mean "license"\?$/);
    expect(enumDiagnostic.hint).toMatch(/^name the fields of this file that the page states, spelt as the file spells them: name, .*\blicense, access\b/);
    const absent = check(validDataset(id, sources({ supports: '[license, access, code]' })), { changed: true });
    expect(compact(absent.diagnostics)).toEqual([`data/source-field ${file}:19:33`]);
    expect(absent.diagnostics[0]!.message).toBe('sources[0] supports code, but this file has no code');
    const unknown = check(validDataset(id, { license: 'license: unknown', ...sources({}) }), { changed: true });
    expect(compact(unknown.diagnostics)).toEqual([`data/source-field ${file}:19:16`]);
  });

  test('a note over 200 characters', () => {
    const note = 'x'.repeat(201);
    const { diagnostics } = check(validDataset(id, sources({ note })), { changed: true });
    expect(compact(diagnostics)).toEqual([`schema/length ${file}:21:11`]);
    expect(diagnostics[0]!.message).toBe('sources[0].note is too long (201 characters; at most 200)');
    expect(diagnostics[0]!.hint).toBe('say in your own words, in at most 200 characters, where on the page the fact stands, e.g. "Rules page, section Data use"');
    expect(rulesOf(validDataset(id, sources({ note: note.slice(1) })))).toEqual([]);
  });

  test('a checked date that is not a date', () => {
    const { diagnostics } = check(validDataset(id, sources({ checked: '2026-13-01' })), { changed: true });
    expect(compact(diagnostics)).toEqual([`schema/format ${file}:20:14`]);
    expect(diagnostics[0]!.message).toContain('is not a date (YYYY-MM-DD)');
  });

  test('a checked date in the future, by the injected clock', () => {
    const text = validDataset(id, sources({ checked: '2026-11-30' }));
    const { diagnostics } = check(text);
    expect(compact(diagnostics)).toEqual([`data/source-date ${file}:20:14`]);
    expect(diagnostics[0]!.message).toBe('sources[0] checked 2026-11-30 is in the future (today is 2026-11-28)');
    expect(diagnostics[0]!.hint).toBe('write the date the page was read');
    expect(check(text, { now: new Date('2026-11-30T00:00:00Z') }).diagnostics).toEqual([]);
    // Already 30 November somewhere on Earth (UTC+14) at 10:00 UTC on the 29th.
    expect(check(text, { now: new Date('2026-11-29T10:00:00Z') }).diagnostics).toEqual([]);
    expect(compact(check(text, { now: new Date('2026-11-29T09:59:00Z') }).diagnostics)).toEqual([`data/source-date ${file}:20:14`]);
  });
});

describe('data/stale: last_verified older than 18 months', () => {
  const verified = (date: string) => validDataset(id, { access: `access: open\nlast_verified: ${date}` });

  test('warns at the date, by the injected clock', () => {
    const { diagnostics } = check(verified('2025-05-27'));
    expect(compact(diagnostics)).toEqual([`data/stale ${file}:17:16`]);
    expect(diagnostics[0]!.severity).toBe('warning');
    expect(diagnostics[0]!.message).toBe('last_verified 2025-05-27 is more than 18 months ago (before 2025-05-28)');
    expect(check(verified('2025-05-28')).diagnostics).toEqual([]);
    expect(check(verified('2025-05-27'), { now: new Date('2026-11-27T12:00:00Z') }).diagnostics).toEqual([]);
  });

  test('a withdrawn dataset is kept on record, not verified again', () => {
    expect(check(validDataset(id, { access: 'access: open\nstatus: withdrawn\nlast_verified: 2020-01-01' })).diagnostics).toEqual([]);
  });

  test('18 months before the end of a month is the end of the shorter month', () => {
    expect(monthsBefore(new Date('2026-08-31T00:00:00Z'), 18)).toBe('2025-02-28');
    expect(monthsBefore(new Date('2026-01-15T00:00:00Z'), 18)).toBe('2024-07-15');
  });
});

describe('the weekly link report lists the datasets verified longest ago', () => {
  const catalog = (entries: Record<string, string>) => {
    const texts = Object.fromEntries(Object.entries(entries).map(([key, extra]) => [key, validDataset(key, { access: `access: open${extra}` })]));
    return assemble(inputsWith(texts), { now: NOW }).records;
  };
  const records = catalog({
    'a-recent': '\nlast_verified: 2026-11-01',
    'b-never': '',
    'c-old': '\nlast_verified: 2023-02-01',
    'd-gone': '\nstatus: withdrawn\nlast_verified: 2019-01-01',
    'e-old': '\nlast_verified: 2023-02-01',
    'f-middle': '\nlast_verified: 2025-06-30',
  });
  const ranked = (n: number) => stalest(records.filter((r) => /^[a-f]-/.test(r.dataset.id)), n);

  test('never verified first, then the oldest date, ties by id; withdrawn datasets are not ranked', () => {
    expect(ranked(10).entries.map((e) => e.id)).toEqual(['b-never', 'c-old', 'e-old', 'f-middle', 'a-recent']);
    expect(ranked(2)).toEqual({
      entries: [
        { id: 'b-never', name: 'Dataset b-never', file: 'data/datasets/b-never.yaml' },
        { id: 'c-old', name: 'Dataset c-old', file: 'data/datasets/c-old.yaml', lastVerified: '2023-02-01' },
      ],
      datasets: 5,
      neverVerified: 1,
    });
    expect(ranked(0).entries).toEqual([]);
  });

  const report = (diagnostics: ReturnType<typeof diagnostic>[], filesUrl?: string) =>
    linksMarkdown(
      { command: 'links', diagnostics, checked: '', details: { results: [], counts: {}, date: '2026-11-28', stalest: ranked(10), ...(filesUrl ? { filesUrl } : {}) } },
      { color: false },
    );

  test('the markdown report (issue body, job summary): name, id, date or "never verified", the file linked at the commit', () => {
    const body = report([], 'https://github.com/o/r/blob/0123abc');
    expect(body).toContain('### Verified longest ago (5 of 5 datasets)');
    expect(body).toContain('1 of 5 datasets were never verified');
    expect(body).toMatch(/^\| Dataset b-never +\| `b-never` +\| never verified +\| \[`data\/datasets\/b-never\.yaml`\]\(https:\/\/github\.com\/o\/r\/blob\/0123abc\/data\/datasets\/b-never\.yaml\) +\|$/m);
    expect(body).toMatch(/^\| Dataset c-old +\| `c-old` +\| 2023-02-01 +\|/m);
    expect(body).not.toContain('d-gone');
    expect(report([])).toMatch(/\| never verified +\| `data\/datasets\/b-never\.yaml` +\|/); // without --files-url, the path
  });

  test('many problems: the list still stands in full, and the body within the limit', () => {
    const problems = Array.from({ length: 600 }, (_, i) =>
      diagnostic('link/broken', { file: `data/datasets/x-${i}.yaml`, at: { line: 9, column: 3 }, message: `https://example.org/a-rather-long-address-${i} is broken: HTTP 410`, hint: 'find where it moved' }),
    );
    const body = report(problems, 'https://github.com/o/r/blob/0123abc');
    expect(body.length).toBeLessThanOrEqual(ISSUE_BODY_LIMIT);
    expect(body).toMatch(/problems are left out here/);
    expect(body.match(/^\| Dataset [a-f]-\w+ /gm)).toHaveLength(5);
  });
});

describe('"checked, none stated" reads differently from "not checked"', () => {
  const noneStated = validDataset(id, { license: 'license: none-stated', access: 'access: unknown', ...sources({ url: 'https://example.org/t', supports: '[license]', note: 'Data page; no licence named' }) });

  test('the README row', () => {
    const readme = (text: string) => check(text).generated.find((g) => g.path === 'README.md')!.expected;
    expect(readme(noneStated)).toContain('no licence stated by the provider');
    const unknown = readme(validDataset(id, { license: 'license: unknown' }));
    expect(unknown).toContain('licence not checked');
    expect(unknown).not.toContain('no licence stated');
  });

  test('the exports carry the distinction and the sources', () => {
    const { records } = check(noneStated);
    const datasets = records.map((r) => r.dataset);
    const vocabularies = loadVocabularies(realInputs().vocabularies).vocabularies!;
    const json = exportObject(datasets, vocabularies).datasets[0]!;
    expect(json.license).toEqual({ kind: 'none-stated' });
    expect(json.sources).toEqual([{ url: 'https://example.org/t', supports: ['license'], checked: '2026-11-01', note: 'Data page; no licence named' }]);
    const [row] = parseCsv(toCsv(datasets, vocabularies), { columns: true }) as Record<string, string>[];
    expect(row!.license).toBe('no licence stated by the provider');
    expect(row!.sources).toBe('https://example.org/t (license; checked 2026-11-01)');
    const [unknownRow] = parseCsv(toCsv(check(validDataset(id, { license: 'license: unknown' })).records.map((r) => r.dataset), vocabularies), { columns: true }) as Record<string, string>[];
    expect(unknownRow!.license).toBe('licence not checked');
  });
});


describe('sources from npm run new and the issue form', () => {
  test('one entry per page, supporting only the stated fields, read today', () => {
    const both = { license: true, access: true };
    expect(termSources({ license: 'https://a.org/terms', access: 'https://a.org/terms' }, both, '2026-11-28')).toEqual([
      { url: 'https://a.org/terms', supports: ['license', 'access'], checked: '2026-11-28' },
    ]);
    expect(termSources({ license: 'https://a.org/terms', access: 'https://a.org/get' }, { license: true, access: false }, '2026-11-28')).toEqual([
      { url: 'https://a.org/terms', supports: ['license'], checked: '2026-11-28' },
    ]);
    expect(termSources({}, both, '2026-11-28')).toEqual([]);
  });

  test('the licence page stands for access too when no access page is given; without either, the proposal is refused', async () => {
    const values = {
      name: 'Kidney Test Set', organ: ['kidney'], task: ['segmentation'], modality: ['CT'], size: ['210 patients'], labels: 'Kidney masks',
      description: 'Arterial-phase CT of kidney tumours with masks.', homepage: 'https://example.org/k', license: 'CC-BY-4.0', access: 'open',
    };
    const vocabularies = loadVocabularies(realInputs().vocabularies).vocabularies!;
    const sourced = await gatherAll({ ...values, 'license-source': 'https://example.org/k/terms' }, vocabularies, '2026-11-28');
    expect(sourced.record.sources).toEqual([{ url: 'https://example.org/k/terms', supports: ['license', 'access'], checked: '2026-11-28' }]);
    const unsourced = await gatherAll(values, vocabularies, '2026-11-28');
    expect(unsourced.record.sources).toBeUndefined();
    const proposal = proposeRecord(realInputs(), unsourced.record as { id: string });
    expect(proposal.diagnostics.filter((d) => d.ruleId === 'data/unsourced-fact').map((d) => d.severity)).toEqual(['error', 'error']);
  });
});

/**
 * The figures the issue's targets are about, printed on every run: "not checked" licence and
 * access over the real catalog, from the loaded data; and its invariant, computed here rather
 * than through data/unsourced-fact: every other value has a source that supports it.
 */
test('the catalog: how many licence and access values are not checked yet; every other one has its source', () => {
  const { records } = assemble(realInputs());
  const datasets = records.map((r) => r.dataset);
  const notChecked = {
    license: datasets.filter((d) => d.license.kind === 'unknown').length,
    access: datasets.filter((d) => d.access === 'unknown').length,
  };
  const line = (field: keyof typeof notChecked) => `${field} not checked: ${notChecked[field]} of ${datasets.length} (${Math.round((100 * notChecked[field]) / datasets.length)} %)`;
  console.log(`${line('license')}; ${line('access')}`);
  expect(datasets.length).toBe(readdirSync(path.join(ROOT, 'data/datasets')).filter((name) => name.endsWith('.yaml')).length);
  const unsourced = records.flatMap(({ dataset, source }) => {
    const supported = new Set(dataset.sources.flatMap((s) => s.supports));
    const stated = { license: dataset.license.kind !== 'unknown', access: dataset.access !== 'unknown' };
    return (['license', 'access'] as const).filter((field) => stated[field] && !supported.has(field)).map((field) => `${source.file}: ${field}`);
  });
  expect(unsourced).toEqual([]);
});
