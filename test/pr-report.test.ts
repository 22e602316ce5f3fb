/**
 * npm run pr-report: README rows rendered from the base's DATA and the branch's data, compared by
 * dataset id (added, changed cell by cell, moved, removed); hand edits of generated regions
 * judged against the merge-base README; a missing or unreachable base explained in one line.
 * Most cases run in-process (the pure comparison, or runPrReport on a real temporary git
 * repository); two spawn the command as a user runs it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { compareRows, isMoved, type RowReport } from '../scripts/core/pr-report.ts';
import { readInputs } from '../scripts/io/files.ts';
import { runPrReport } from '../scripts/app/pr-report-run.ts';
import { assemble, baseRows, rowsOf } from '../scripts/pipeline.ts';
import type { Row } from '../scripts/core/render/rows.ts';
import { rowReportData, rowReportMarkdown, rowReportTerminal } from '../scripts/reporters/pr-rows.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { compact, inputsWith, ROOT, validDataset } from './helpers.ts';

const BASE = { ref: 'origin/main', commit: '0123456789abcdef0123456789abcdef01234567' };

/** What a report says, compactly: ids per kind, changed columns, moves. */
function outline(report: RowReport) {
  return {
    added: report.added.map((r) => `${r.id} (${r.section})`),
    changed: report.changed.map((c) => `${c.after.id}: ${c.cells.map((cell) => cell.column).join(', ')}${isMoved(c) ? ` (${c.before.section} → ${c.after.section})` : ''}`),
    removed: report.removed.map((r) => `${r.id} (${r.section})`),
  };
}

/** A table line without the padding that aligns its pipes. */
const unpadded = (markdown: string) => markdown.replace(/ {2,}\|/g, ' |').replace(/-{2,}/g, '-');

describe('rows compared by id, rendered from data on both sides (pure)', () => {
  const rowsFor = (datasets: Record<string, string>) => {
    const inputs = inputsWith(datasets);
    return rowsOf(inputs, assemble(inputs).records.map((r) => r.dataset))!;
  };
  const compare = (before: Record<string, string>, after: Record<string, string>) =>
    compareRows(baseRows(inputsWith(before), new Set(Object.keys(before))), rowsFor(after));

  const alpha = validDataset('alpha', { name: 'name: Alpha Brain' });
  const beta = validDataset('beta', { name: 'name: Beta Heart', organs: 'organs: [heart]' });

  test('added, changed (only the cells that differ), moved and removed rows', async () => {
    const report = compare(
      { alpha, beta, gamma: validDataset('gamma', { name: 'name: Gamma Lung', organs: 'organs: [lung]' }) },
      {
        alpha: validDataset('alpha', { name: 'name: Alpha Brain', year: 'year: 2021', size: 'size:\n  - {count: 99, unit: subjects}' }),
        beta: validDataset('beta', { name: 'name: Beta Heart', organs: 'organs: [brain, heart]' }),
        delta: validDataset('delta', { name: 'name: Delta Brain' }),
      },
    );
    expect(outline(report)).toEqual({
      added: ['delta (🧠 Brain)'],
      changed: ['alpha: Dataset, Modality · task · size', 'beta:  (🫀 Heart → 🧠 Brain)'],
      removed: ['gamma (🫁 Chest and lungs)'],
    });
    const [alphaChange] = report.changed;
    expect(rowReportData(report, BASE).changed[0]!.cells).toEqual([
      { column: 'Dataset', before: '**[Alpha Brain](https://example.org/alpha)** (2020)', after: '**[Alpha Brain](https://example.org/alpha)** (2021)' },
      { column: 'Modality · task · size', before: 'MRI · Segmentation · 1,204 MRI scans', after: 'MRI · Segmentation · 99 subjects' },
    ]);
    expect(alphaChange!.before.cells.length).toBe(alphaChange!.after.cells.length);
  });

  test('nothing the data did not change is reported, whatever else differs', async () => {
    expect(outline(compare({ alpha, beta }, { beta, alpha }))).toEqual({ added: [], changed: [], removed: [] });
  });

  test('a withdrawal moves the row to the appendix; columns only one table has are shown on their side', async () => {
    const report = compare({ alpha }, { alpha: `${alpha}status: withdrawn\nlast_verified: 2024-01-02\n` });
    expect(outline(report).changed).toEqual([
      'alpha: Dataset, Organ, Last verified, Notes, Modality · task · size, Access · links (🧠 Brain → 🗄️ Withdrawn datasets)',
    ]);
    const cells = rowReportData(report, BASE).changed[0]!.cells;
    expect(cells.find((c) => c.column === 'Last verified')).toEqual({ column: 'Last verified', before: null, after: '2024-01-02' });
    expect(cells.find((c) => c.column === 'Modality · task · size')).toEqual({ column: 'Modality · task · size', before: 'MRI · Segmentation · 1,204 MRI scans', after: null });
  });

  test('a base whose data does not validate: one note, and only ids it lacks count as added', async () => {
    const broken = { alpha: validDataset('alpha', { organs: 'organs: [hart]' }), beta };
    const report = compareRows(baseRows(inputsWith(broken), new Set(Object.keys(broken))), rowsFor({ alpha, beta, delta: validDataset('delta') }));
    expect(report.baseProblem).toMatch(/^has data that does not validate \(1 error; first: data\/datasets\/alpha\.yaml:\d+:\d+ schema\/enum\)$/);
    expect(outline(report)).toEqual({ added: ['delta (🧠 Brain)'], changed: [], removed: [] });
    expect(rowReportTerminal(report, BASE, { color: false })).toContain('note: the data at 0123456 has data that does not validate');
  });

  test('renderers: markdown escapes data once (via serialize), the terminal shows plain text and link targets', async () => {
    const before = { alpha };
    const after = { alpha: validDataset('alpha', { name: 'name: Alpha Brain', description: 'description: "Masks | <b>bold</b> *x* described in a sentence."' }), beta };
    const report = compare(before, after);
    const markdown = rowReportMarkdown(report, BASE);
    expect(markdown).toMatch(/#### Added \(1\)\n\n\*\*🫀 Heart\*\*\n\n\| Dataset +\| About +\|/);
    expect(unpadded(markdown)).toContain('| About | A dataset used by the tests, described in a sentence. | Masks \\| \\<b>bold\\</b> \\*x\\* described in a sentence. |');
    const terminal = rowReportTerminal(report, BASE, { color: false });
    expect(terminal).toContain('+ added    Beta Heart  (🫀 Heart)');
    expect(terminal).toContain('~ changed  Alpha Brain  (🧠 Brain)\n    About  - A dataset used by the tests, described in a sentence.\n           + Masks | <b>bold</b> *x* described in a sentence.\n');
    const removal = rowReportTerminal(compare({ alpha, beta }, { alpha }), BASE, { color: false });
    expect(removal).toContain('- removed  Beta Heart  (🫀 Heart)');
    expect(removal).toContain('set `status: withdrawn`');
    expect(removal).not.toMatch(/\| - \|/);
  });

  test('the terminal never receives control characters, even if data held them', async () => {
    const row = (text: string): Row => ({ id: 'x', name: 'Bell \u0007', section: '🧠 Brain', cells: [{ column: 'Description', content: [{ type: 'text', value: text }] }] });
    const before = row('plain');
    const after = row('escape \u001b[31m red');
    const shown = rowReportTerminal({ added: [], removed: [], changed: [{ before, after, cells: [{ column: 'Description', before: before.cells[0]!, after: after.cells[0]! }] }] }, BASE, { color: false });
    expect(shown).toContain('~ changed  Bell \\x07'); // spelled as text-safety.ts spells it everywhere
    expect(shown).toContain('+ escape \\x1b[31m red');
    expect(shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
});

describe('against a real git repository', () => {
  const KEPT = /\/(adni|acdc|chexpert)\.yaml$/;
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe', encoding: 'utf8' });
  const file = (relative: string) => path.join(dir, relative);
  const read = (relative: string) => readFileSync(file(relative), 'utf8');
  const write = (relative: string, text: string) => writeFileSync(file(relative), text);
  const add = (id: string, name: string) => write(`data/datasets/${id}.yaml`, validDataset(id, { name: `name: ${name}` }));
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-qm', message);
  };
  /** What npm run build would write to README.md, computed in-process. */
  const rebuildReadme = () => write('README.md', assemble(readInputs(dir)).generated.find((g) => g.path === 'README.md')!.expected);
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'amd-pr-'));
    // The real configuration and README with three of the datasets: the pipeline runs several times per test.
    for (const p of ['data', 'docs', 'README.md', '.github']) {
      cpSync(path.join(ROOT, p), file(p), { recursive: true, filter: (from) => !/\/data\/datasets\/./.test(from) || KEPT.test(from) });
    }
    rebuildReadme();
    write('.gitignore', 'node_modules/\n');
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.org');
    git('config', 'user.name', 'T');
    commit('base');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('added, changed and removed rows of a branch, against the data where it left main', async () => {
    git('checkout', '-qb', 'topic');
    add('zebra-brain', 'Zebra Brain Atlas');
    // A changed file must source its licence and access (data/unsourced-fact); sources are not in the row.
    const sourced = 'sources:\n  - url: https://adni.loni.usc.edu/\n    supports: [license, access]\n    checked: 2026-01-01\n';
    write('data/datasets/adni.yaml', `${read('data/datasets/adni.yaml').replace('year: 2004', 'year: 2005').replace(/\nsources:\n[\s\S]*$/, '\n')}${sourced}`);
    unlinkSync(file('data/datasets/acdc.yaml'));
    const { rows, diagnostics, base } = await runPrReport(dir, 'main');
    expect(diagnostics).toEqual([]);
    expect(base.commit).toBe(git('rev-parse', 'main').trim());
    expect(outline(rows!)).toEqual({ added: ['zebra-brain (🧠 Brain)'], changed: ['adni: Dataset'], removed: ['acdc (🫀 Heart)'] });
    // The added row is the very line `npm run build` will put in the README.
    rebuildReadme();
    const readmeLine = read('README.md').split('\n').find((l) => l.startsWith('| **[Zebra Brain Atlas]'));
    // Pipes are aligned per table, so the report's table pads differently; the cells are the same.
    expect(unpadded(rowReportMarkdown(rows!, base))).toContain(unpadded(readmeLine!));
  });

  test('a stale base README (data merged, README not yet rebuilt) credits the branch with nothing it did not change', async () => {
    add('yak-brain', 'Yak Brain Atlas');
    commit('main: data only; README.md not rebuilt yet');
    git('checkout', '-qb', 'topic');
    add('zebra-brain', 'Zebra Brain Atlas');
    const { rows, diagnostics } = await runPrReport(dir, 'main');
    expect(outline(rows!).added).toEqual(['zebra-brain (🧠 Brain)']);
    expect(rows!.changed).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  test('a local branch behind main: no hand edit claimed, what main gained since is neither credited nor removed', async () => {
    git('checkout', '-qb', 'topic');
    add('zebra-brain', 'Zebra Brain Atlas');
    commit('topic: a dataset');
    git('checkout', '-q', 'main');
    add('yak-brain', 'Yak Brain Atlas');
    rebuildReadme();
    commit('main advanced, README rebuilt');
    git('checkout', '-q', 'topic');
    const { rows, diagnostics } = await runPrReport(dir, 'main');
    expect(diagnostics).toEqual([]);
    expect(outline(rows!)).toEqual({ added: ['zebra-brain (🧠 Brain)'], changed: [], removed: [] });
  });

  test('a hand edit of a table cell: readme/hand-edited at its README.md line; a correct rebuild passes', async () => {
    git('checkout', '-qb', 'topic');
    add('zebra-brain', 'Zebra Brain Atlas');
    rebuildReadme();
    expect((await runPrReport(dir, 'main')).diagnostics).toEqual([]);

    const edited = read('README.md').replace('](https://adni.loni.usc.edu/)** (2004)', '](https://adni.loni.usc.edu/)** (1999)');
    write('README.md', edited);
    const { diagnostics } = await runPrReport(dir, 'main');
    // Located at the edited row, not at the rebuilt Zebra row above or below it.
    expect(compact(diagnostics)).toEqual([`readme/hand-edited README.md:${lineOf(edited, '(1999)')}:1`]);
  });

  test('a base without data/ lists every dataset as added, with a note', async () => {
    git('rm', '-rq', 'data');
    commit('main before the data existed');
    git('checkout', '-qb', 'topic');
    git('checkout', 'HEAD~1', '--', 'data');
    // Every dataset counts as added, so each unsourced licence or access value would be an error
    // and stop the report: the project may lower that rule while the catalog is being traced.
    write('data/rules.yaml', read('data/rules.yaml').replace(/^severity: \{\}$/m, 'severity:\n  data/unsourced-fact: warning'));
    const { rows } = await runPrReport(dir, 'main');
    expect(rows!.baseProblem).toBe('has no data/ to compare with');
    expect(rows!.added.length).toBe(readInputs(dir).datasets.length);
  });

  test('an unknown base, or a shallow clone without the merge-base: one line saying what to fetch', async () => {
    await expect(runPrReport(dir, 'origin/main')).rejects.toThrow(/^cannot compare with origin\/main: this clone does not have it; run `git fetch origin main`, or in GitHub Actions give actions\/checkout `fetch-depth: 0`$/);
    git('checkout', '-qb', 'topic');
    add('zebra-brain', 'Zebra Brain Atlas');
    commit('topic');
    git('checkout', '-q', 'main');
    write('docs/rules.md', `${read('docs/rules.md')}\n`);
    commit('main advanced');
    const shallow = `${dir}-shallow`;
    execFileSync('git', ['clone', '-q', '--depth', '1', '--no-local', '-b', 'topic', `file://${dir}`, shallow], { stdio: 'pipe' });
    try {
      execFileSync('git', ['-C', shallow, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main'], { stdio: 'pipe' });
      await expect(runPrReport(shallow, 'origin/main')).rejects.toThrow(/shallow.*git fetch --unshallow origin main.*fetch-depth: 0/);
    } finally {
      rmSync(shallow, { recursive: true, force: true });
    }
  });

  describe('the command', () => {
    const cli = (args: string[], env: Record<string, string> = {}, options: CommandOptions = {}) => runCommand('pr-report', ['--root', dir, ...args], { env, ...options });

    test('in a terminal: readable rows and the hand edit at README.md:line, exit 1, no workflow commands', async () => {
      git('checkout', '-qb', 'topic');
      add('zebra-brain', 'Zebra Brain Atlas');
      const edited = read('README.md').replace('](https://adni.loni.usc.edu/)** (2004)', '](https://adni.loni.usc.edu/)** (1999)');
      write('README.md', edited);
      const { code, stdout, stderr } = await cli(['--base', 'main'], {}, { process: true });
      expect(code).toBe(1);
      expect(stdout).toContain('+ added    Zebra Brain Atlas  (🧠 Brain)');
      expect(stdout).toMatch(new RegExp(`^README\\.md\\n  ${lineOf(edited, '(1999)')}:1 +error +the generated "datasets" region was edited by hand.*readme/hand-edited$`, 'm'));
      expect(stdout + stderr).not.toContain('::');
      expect(stdout + stderr).not.toMatch(/at .*\.(ts|mjs|js):\d+/);
    });

    test('on GitHub: the rows go to the job summary, exit 0; a missing --base is a usage error (exit 2)', async () => {
      git('checkout', '-qb', 'topic');
      add('zebra-brain', 'Zebra Brain Atlas');
      const summary = `${dir}-summary.md`;
      writeFileSync(summary, '');
      try {
        const { code, stdout } = await cli(['--base', 'main', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
        expect(code).toBe(0);
        expect(stdout).not.toContain('::error');
        const written = readFileSync(summary, 'utf8');
        expect(written).toMatch(/#### Added \(1\)\n\n\*\*🧠 Brain\*\*\n\n\| Dataset +\| About +\|.*\n\| -+ \|.*\n\| \*\*\[Zebra Brain Atlas\]\(https:\/\/example\.org\/zebra-brain\)\*\* \(2020\) +\|/);
        expect(written).toContain('### npm run pr-report: 0 errors, 0 warnings');
      } finally {
        rmSync(summary, { force: true });
      }
      const usage = await cli([]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/^error: --base <git ref> is required/);
    });
  });
});
