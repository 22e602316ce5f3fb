/**
 * README generation: tables round-trip (parsing the README back with remark-gfm gives back the
 * data, whatever characters it holds), build is idempotent, and hand-written text outside the
 * markers is preserved byte-for-byte.
 */
import fc from 'fast-check';
import type { Root, Table, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, test } from 'vitest';
import { loadSections, loadVocabularies } from '../scripts/core/config.ts';
import type { Dataset } from '../scripts/core/model.ts';
import { licenseClass } from '../scripts/core/license-class.ts';
import { cellText, formatSize, MAX_ROW_TEXT, organsCell, rowText, shortLicenseText } from '../scripts/core/render/cells.ts';
import { detailsUrl, UNCONFIRMED_MARKER } from '../scripts/core/render/tables.ts';
import { assemble } from '../scripts/pipeline.ts';
import { labelOf } from '../scripts/core/vocabulary.ts';
import { findRegions } from '../scripts/core/render/regions.ts';
import { linkKey, renderReadme } from '../scripts/core/render/readme.ts';
import { compact, datasetPath, realInputs, run, validDataset } from './helpers.ts';

const inputs = realInputs();
const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
const plan = loadSections(inputs.sections, vocabularies).plan!;
const realReadme = new TextDecoder().decode(inputs.readme.bytes);

const MINIMAL_README = `# Title

Intro with **bold** text.

<!-- BEGIN finders -->
<!-- END finders -->

<!-- BEGIN contents -->
<!-- END contents -->

<!-- BEGIN datasets -->
old content
<!-- END datasets -->

## Footer

Bye.
`;

function render(datasets: Dataset[], text = MINIMAL_README): string {
  const result = renderReadme({ file: 'README.md', text, datasets, plan, vocabularies });
  expect(result.diagnostics).toEqual([]);
  return result.text!;
}

function tables(markdown: string): Table[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  return tree.children.filter((node): node is Table => node.type === 'table');
}

function htmlNodes(markdown: string): string[] {
  const found: string[] = [];
  const walk = (node: { type: string; value?: string; children?: unknown[] }) => {
    if (node.type === 'html') found.push(node.value ?? '');
    for (const child of (node.children ?? []) as (typeof node)[]) walk(child);
  };
  walk(unified().use(remarkParse).use(remarkGfm).parse(markdown) as never);
  return found;
}

const cells = (row: TableRow) => row.children.map((cell) => toString(cell));
/** Text as the renderer escapes it in a table cell. */
const markdownEscaped = (text: string) => text.replace(/[\\`*_~[\]<&|$]/g, '\\$&');

/**
 * What each cell must read as, computed from the data: the name (linked to the homepage) and
 * year; the row's one line; organ, modalities, tasks and the headline size; access marker and
 * licence, then the links that are not the homepage, then Details.
 */
function expectedCells(d: Dataset, withOrgan: boolean): string[] {
  const year = d.year !== undefined && !d.name.includes(String(d.year)) ? ` (${d.year})` : '';
  const links = (['download', 'paper', 'code'] as const)
    .filter((f) => d.links[f])
    .map((f) => ({ download: 'Data', paper: 'Paper', code: 'Code' })[f]);
  const kind = [
    ...(withOrgan ? [organsCell(d, vocabularies)] : []),
    d.modalities.map((m) => labelOf(vocabularies.modality, m.term)).join(', '),
    d.tasks.map((task) => labelOf(vocabularies.task, task)).join(', '),
    formatSize(d.size[0]!, d),
  ];
  return [
    `${cellText(d.name)}${year}`,
    cellText(rowText(d)),
    cellText(kind.join(' · ')),
    [`${vocabularies.access.terms.get(d.access)!.marker} ${cellText(shortLicenseText(d.license))}`, ...links, 'Details'].join(' · '),
  ];
}

/** The only HTML the README may hold: the region markers and the finders' collapsed sections. */
const OWN_HTML = /^(<!--.*-->|<details>\n<summary>[^<>]*<\/summary>|<\/details>)$/s;

/** Text that tries every way to break a table or inject markup. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom('|', '\\', '`', '``', '<script>alert(1)</script>', '<b>', '\n', '\r\n', '\t', '*', '_', '**', '[', ']', '](x)', '![a](b)', '&amp;', '&#124;', '$x$', '~~', '#', '> ', '- ', '1. ', '<!--', '-->', '\u0000', '\u202e', '🧠', '❤️', '👩🏽‍⚕️', 'é', ':', 'www.x.org', 'https://a.b/c?d=e|f'),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  ),
  minLength: 2,
  maxLength: 30,
});
const visible = hostile.filter((s) => cellText(s).length >= 2);

const dataset = fc.record({
  id: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
  name: visible,
  labels: visible,
  description: visible,
  subtype: visible,
  license: fc.oneof(
    fc.constant({ kind: 'unknown' as const }),
    fc.constant({ kind: 'spdx' as const, id: 'CC-BY-4.0' }),
    visible.map((name) => ({ kind: 'custom' as const, name })),
  ),
  organ: fc.constantFrom(...vocabularies.organ.terms.keys()),
  access: fc.constantFrom(...vocabularies.access.terms.keys()),
  year: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: undefined }),
  count: fc.integer({ min: 1, max: 5_000_000 }),
  paper: fc.boolean(),
});

type RawDataset = typeof dataset extends fc.Arbitrary<infer T> ? T : never;

function toModel(raw: RawDataset, index: number): Dataset {
  return {
    id: `${raw.id}-${index}`,
    name: raw.name,
    aliases: [],
    organs: [raw.organ],
    tasks: ['segmentation', 'classification'],
    modalities: [{ term: 'MRI', subtypes: [raw.subtype, 'T2'] }],
    size: [{ count: raw.count, unit: 'scans', approx: index % 2 === 0, lowerBound: false }],
    labels: raw.labels,
    description: raw.description,
    links: { homepage: `https://example.org/${index}/a_(b)`, ...(raw.paper ? { paper: `https://doi.org/10.1/${index}` } : {}) },
    ...(raw.year !== undefined ? { year: raw.year } : {}),
    license: raw.license,
    access: raw.access,
    status: 'active',
    unconfirmed: [],
    sources: [],
  };
}

describe('README generation', () => {
  test('tables round-trip: every cell parses back to the data, whatever it contains', () => {
    fc.assert(
      fc.property(fc.array(dataset, { minLength: 1, maxLength: 6 }), (raws) => {
        const datasets = raws.map(toModel);
        const readme = render(datasets);
        const parsed = tables(readme);
        const rows = parsed.flatMap((table) => table.children.slice(1));
        expect(rows).toHaveLength(datasets.length);
        // Rows are sorted; match each back to its dataset by the name cell and position.
        const byFirstCell = new Map<string, Dataset[]>();
        for (const d of datasets) {
          const key = expectedCells(d, false)[0]!;
          byFirstCell.set(key, [...(byFirstCell.get(key) ?? []), d]);
        }
        for (const table of parsed) {
          const width = table.children[0]!.children.length;
          const withOrgan = cells(table.children[0]!)[2]!.startsWith('Organ');
          for (const row of table.children.slice(1)) {
            expect(row.children).toHaveLength(width);
            const actual = cells(row);
            const candidates = byFirstCell.get(actual[0]!) ?? [];
            expect(candidates.map((d) => expectedCells(d, withOrgan))).toContainEqual(actual);
          }
        }
        for (const html of htmlNodes(readme)) expect(html).toMatch(OWN_HTML);
      }),
      // Aligned tables and the finders make each README slower to parse back than it was; 80 runs
      // of up to 6 hostile datasets still cover every character class several times.
      { numRuns: 80 },
    );
  });

  test('link destinations survive the round trip', () => {
    const [raw] = fc.sample(dataset, { numRuns: 1, seed: 7 });
    const model = toModel(raw!, 0);
    const parsed = unified().use(remarkParse).use(remarkGfm).parse(render([model])) as Root;
    const urls: string[] = [];
    const walk = (node: { type: string; url?: string; children?: unknown[] }) => {
      if (node.type === 'link' && node.url && !node.url.startsWith('#')) urls.push(node.url);
      for (const child of (node.children ?? []) as (typeof node)[]) walk(child);
    };
    walk(parsed as never);
    expect(urls).toContain('https://example.org/0/a_(b)');
  });

  test('build is idempotent: rendering its own output changes nothing', () => {
    fc.assert(
      fc.property(fc.array(dataset, { minLength: 0, maxLength: 5 }), (raws) => {
        const datasets = raws.map(toModel);
        const once = render(datasets);
        expect(render(datasets, once)).toBe(once);
      }),
      { numRuns: 50 },
    );
  });

  test('hand-written text outside the markers is preserved byte-for-byte', () => {
    const datasets = fc.sample(dataset, { numRuns: 4, seed: 1 }).map(toModel);
    for (const original of [MINIMAL_README, realReadme, MINIMAL_README.replaceAll('\n', '\r\n')]) {
      const rendered = render(datasets, original);
      const outside = (text: string) => {
        const { regions } = findRegions(text);
        const spans = [...regions.values()].sort((a, b) => a.start - b.start);
        let rest = '';
        let cursor = 0;
        for (const r of spans) {
          rest += text.slice(cursor, r.start);
          cursor = r.end;
        }
        return rest + text.slice(cursor);
      };
      expect(outside(rendered)).toBe(outside(original));
    }
  });

  test('deterministic: numbers use fixed separators and rows a locale-free order', () => {
    const base = toModel(fc.sample(dataset, { numRuns: 1, seed: 3 })[0]!, 0);
    const datasets = [
      { ...base, id: 'b', name: 'beta', size: [{ count: 1204, unit: 'scans' as const, approx: false, lowerBound: false }], modalities: [{ term: 'CT', subtypes: [] }], organs: ['brain'] },
      { ...base, id: 'a', name: 'Alpha', organs: ['brain'] },
      { ...base, id: 'c', name: 'Éclair', organs: ['brain'] },
    ];
    const readme = render(datasets);
    expect(readme).toContain('1,204 CT scans');
    const names = tables(readme)[0]!.children.slice(1).map((row) => cells(row)[0]);
    expect(names.map((n) => n!.replace(/ \(\d+\)$/, ''))).toEqual(['Alpha', 'beta', 'Éclair']);
  });

  test('contents list: per-section counts and GitHub anchors', () => {
    const base = toModel(fc.sample(dataset, { numRuns: 1, seed: 5 })[0]!, 0);
    const datasets = [
      { ...base, id: 'x', name: 'X', organs: ['brain'] },
      { ...base, id: 'y', name: 'Y', organs: ['brain'] },
      { ...base, id: 'z', name: 'Z', organs: ['dental'] },
    ];
    const readme = render(datasets);
    expect(readme).toContain('- [🧠 Brain](#-brain) (2)');
    expect(readme).toContain('- [🧬 Other organs](#-other-organs) (1)');
    expect(readme).toContain('- [Footer](#footer)');
    // Sections about the list, not in it, stay out of the contents (awesome-lint's toc rule).
    const about = render(datasets, `${MINIMAL_README}\n## Contributing\n\nYes.\n\n## Footnotes\n\nSmall print.\n`);
    expect(about).not.toContain('(#contributing)');
    expect(about).not.toContain('(#footnotes)');
    expect(readme).toContain('**3 datasets** in 2 sections:');
    // The catch-all table names the organ in its third column.
    expect(cells(tables(readme)[1]!.children[0]!)[2]).toBe('Organ · modality · task · size');
  });

  test('unknown licence and access read as not checked: the ❔ marker and "licence not checked" in italics', () => {
    const base = toModel(fc.sample(dataset, { numRuns: 1, seed: 9 })[0]!, 0);
    const readme = render([{ ...base, license: { kind: 'unknown' }, access: 'unknown' }]);
    expect(readme).toContain('❔ _licence not checked_');
  });
});

describe('regions', () => {
  test('a marker inside a fenced code block is not a marker', () => {
    const text = '```md\n<!-- BEGIN datasets -->\n<!-- END datasets -->\n```\n<!-- BEGIN contents -->\n<!-- END contents -->\n';
    const { regions, problems } = findRegions(text);
    expect([...regions.keys()]).toEqual(['contents']);
    expect(problems).toEqual([]);
  });

  test('missing and unbalanced markers are located problems', () => {
    const result = renderReadme({
      file: 'README.md',
      text: '# T\n\n<!-- BEGIN contents -->\n\n<!-- END datasets -->\n',
      datasets: [],
      plan,
      vocabularies,
    });
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.ruleId}:${d.line} ${d.message}`)).toEqual([
      'readme/missing-region:5 END datasets has no matching BEGIN datasets',
      'readme/missing-region:3 region "contents" has no END marker',
      'readme/missing-region:1 README.md has no "contents" region',
      'readme/missing-region:1 README.md has no "datasets" region',
    ]);
  });
});

describe('render cache', () => {
  test('cached sections give the same bytes, and a changed dataset re-renders only its section', () => {
    const datasets = fc.sample(dataset, { numRuns: 6, seed: 11 }).map((raw, i) => ({ ...toModel(raw, i), organs: [i % 2 ? 'brain' : 'heart'] }));
    const store = new Map<string, string>();
    let misses = 0;
    const cache = { get: (k: string) => store.get(k), set: (k: string, v: string) => void (misses++, store.set(k, v)) };
    const plain = renderReadme({ file: 'README.md', text: MINIMAL_README, datasets, plan, vocabularies }).text;
    const first = renderReadme({ file: 'README.md', text: MINIMAL_README, datasets, plan, vocabularies, cache }).text;
    expect(first).toBe(plain);
    expect(misses).toBe(2);
    const again = renderReadme({ file: 'README.md', text: MINIMAL_README, datasets, plan, vocabularies, cache }).text;
    expect(again).toBe(plain);
    expect(misses).toBe(2);
    const changed = datasets.map((d, i) => (i === 0 ? { ...d, labels: 'Changed labels' } : d));
    const third = renderReadme({ file: 'README.md', text: MINIMAL_README, datasets: changed, plan, vocabularies, cache }).text;
    expect(misses).toBe(3);
    expect(third).toBe(renderReadme({ file: 'README.md', text: MINIMAL_README, datasets: changed, plan, vocabularies }).text);
  });
});

describe('compact rows of the real catalog', () => {
  const inputs = realInputs();
  const result = assemble(inputs);
  const datasets = result.records.map((r) => r.dataset);
  const readme = result.generated.find((g) => g.path === 'README.md')!.expected;
  const rows = tables(readme).flatMap((table) => table.children.slice(1));
  const rowOf = (name: string) => rows.find((row) => cells(row)[0]!.startsWith(name))!;

  test('searching the page for the best-known name finds the row', () => {
    expect(cells(rowOf('HCP Young Adult (S1200)'))[0]).toContain('Human Connectome Project');
    expect(cells(rowOf('ChestX-ray8 / ChestX-ray14'))[0]).toContain('NIH ChestX-ray14');
    // An alias that only decorates the name is not repeated beside it.
    expect(cells(rowOf('KiTS21'))[0]).not.toContain('aka');
  });

  test('unconfirmed facts are marked in the row: exactly the homepages the sources could not confirm', () => {
    const hedged = rows.filter((row) => cells(row)[0]!.includes(UNCONFIRMED_MARKER)).map((row) => cells(row)[0]!);
    const unconfirmed = datasets.filter((d) => d.unconfirmed.includes('homepage'));
    expect(unconfirmed.length).toBeGreaterThan(0);
    expect(hedged).toHaveLength(unconfirmed.length);
    for (const d of unconfirmed) expect(hedged.some((cell) => cell.includes(markdownEscaped(d.name))), d.id).toBe(true);
  });

  test('every row shows one line of at most 120 characters, never a cut one', () => {
    for (const d of datasets) {
      expect(rowText(d).length, d.id).toBeLessThanOrEqual(MAX_ROW_TEXT);
      expect(readme).toContain(markdownEscaped(cellText(rowText(d))));
    }
  });

  test('each link is written once in the page; the other rows that share it name that row', () => {
    const parsed = unified().use(remarkParse).use(remarkGfm).parse(readme) as Root;
    const seen = new Map<string, number>();
    const walk = (node: { type: string; url?: string; children?: unknown[] }) => {
      if (node.type === 'link' && node.url) seen.set(linkKey(node.url), (seen.get(linkKey(node.url)) ?? 0) + 1);
      for (const child of (node.children ?? []) as (typeof node)[]) walk(child);
    };
    walk(parsed as never);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    // The Decathlon's tasks share its homepage and paper: linked on the first row in page order.
    expect(cells(rowOf('MSD Task05 Prostate'))[3]).toContain('Home, Paper: as MSD Task02 Heart');
  });

  test('the finders list exactly what the data says: open access, and licences that allow commercial use', () => {
    const finders = readme.slice(readme.indexOf('<!-- BEGIN finders'), readme.indexOf('<!-- END finders'));
    const listed = (summary: string) => {
      const start = finders.indexOf(summary);
      return finders.slice(start, finders.indexOf('</details>', start));
    };
    const open = datasets.filter((d) => d.access === 'open');
    expect(listed('Open download')).toContain(`(${open.length})`);
    for (const d of datasets) {
      const name = markdownEscaped(d.name);
      expect(listed('Open download').includes(name), d.id).toBe(d.access === 'open' || open.some((o) => o.name.includes(d.name)));
    }
    const commercial = datasets.filter((d) => licenseClass(d.license) === 'commercial').map((d) => d.id).sort();
    // Plain SPDX ids, each listed; never custom terms or a non-commercial licence.
    expect(commercial.length).toBeGreaterThan(0);
    for (const id of commercial) {
      const { license, name } = datasets.find((d) => d.id === id)!;
      expect(license.kind === 'spdx' && !/-NC(-|$)/.test(license.id), id).toBe(true);
      expect(listed('Commercial use allowed'), id).toContain(markdownEscaped(name));
    }
    // Custom terms are never read as permission, however they are worded (RSNA's say "commercial use").
    expect(listed('Commercial use allowed')).not.toContain('RSNA');
  });
});

describe('licence classes come from the SPDX id alone', () => {
  test.each([
    [{ kind: 'spdx', id: 'CC0-1.0' }, 'commercial'],
    [{ kind: 'spdx', id: 'CC-BY-4.0' }, 'commercial'],
    [{ kind: 'spdx', id: 'CC-BY-SA-3.0' }, 'commercial'],
    [{ kind: 'spdx', id: 'ODC-By-1.0' }, 'commercial'],
    [{ kind: 'spdx', id: 'CC-BY-NC-4.0' }, 'non-commercial'],
    [{ kind: 'spdx', id: 'CC-BY-NC-SA-3.0' }, 'non-commercial'],
    [{ kind: 'spdx', id: 'CC-BY-ND-4.0' }, 'other'],
    [{ kind: 'custom', name: 'academic and commercial use with attribution' }, 'custom'],
    [{ kind: 'unknown' }, 'unknown'],
  ] as const)('%o → %s', (license, expected) => {
    expect(licenseClass(license)).toBe(expected);
  });
});

describe('where Details leads', () => {
  const d = { id: 'acdc' } as Dataset;
  test('to the data file until package.json names a site, then to the dataset\'s page there', () => {
    expect(detailsUrl(d)).toBe('data/datasets/acdc.yaml');
    expect(detailsUrl(d, { repository: 'https://github.com/o/r', owner: 'o', name: 'r', site: 'https://o.github.io/r/' })).toBe('https://o.github.io/r/d/acdc/');
  });
});

describe('a text too long for the row is a located diagnostic with the limit, never cut', () => {
  const long = `description: ${'A long description of a dataset, '.repeat(4).trim()} and more.`;
  /** Findings other than the canonical-form one (a long line written by hand is not folded yet). */
  const findings = (result: ReturnType<typeof run>) => compact(result.diagnostics.filter((d) => d.ruleId !== 'data/unformatted'));
  const lineOf = (text: string, start: string) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;

  test('a description over 120 characters without a summary: warned at the description, shown whole', () => {
    const file = validDataset('wordy', { description: long });
    const result = run({ wordy: file });
    expect(findings(result)).toEqual([`data/row-too-long ${datasetPath('wordy')}:${lineOf(file, 'description:')}:14`]);
    expect(result.diagnostics.find((d) => d.ruleId === 'data/row-too-long')!.message).toBe(`description is ${long.length - 'description: '.length} characters; the README row shows at most 120`);
    const readme = result.generated.find((g) => g.path === 'README.md')?.expected ?? renderReadme({ file: 'README.md', text: MINIMAL_README, datasets: result.records.map((r) => r.dataset), plan, vocabularies }).text!;
    expect(readme).toContain('and more.');
  });

  test('with a summary the row shows the summary; a summary over 120 is a schema error at its line', () => {
    const summarised = run({ wordy: validDataset('wordy', { description: `${long}\nsummary: A short line for the row, in my own words.` }) });
    expect(findings(summarised)).toEqual([]);
    const readme = renderReadme({ file: 'README.md', text: MINIMAL_README, datasets: summarised.records.map((r) => r.dataset), plan, vocabularies }).text!;
    expect(readme).toContain('A short line for the row, in my own words.');
    expect(readme).not.toContain('and more.');
    const file = validDataset('wordy', { description: `${long}\nsummary: ${'x'.repeat(121)}` });
    const tooLong = run({ wordy: file });
    expect(findings(tooLong)).toEqual([`schema/length ${datasetPath('wordy')}:${lineOf(file, 'summary:')}:10`]);
    expect(tooLong.diagnostics.find((d) => d.ruleId === 'schema/length')!.message).toMatch(/120/);
  });

  test('a shown alias over 50 characters: warned at the alias', () => {
    const file = validDataset('named', { name: 'name: Named set\naliases: [A very long other name of the set that goes on and on]' });
    const result = run({ named: file });
    expect(findings(result)).toEqual([`data/row-too-long ${datasetPath('named')}:${lineOf(file, 'aliases:')}:11`]);
    expect(result.diagnostics[0]!.message).toMatch(/first alias is \d+ characters; the README shows it beside the name, at most 50/);
  });
});
