/**
 * Duplicate rules blame the right file: the one added or changed relative to the base, naming
 * the older entry; without git information, the later id, in words true either way.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { changedDataFiles } from '../scripts/io/git.ts';
import { assemble, proposeRecord } from '../scripts/pipeline.ts';
import { compact, datasetPath, inputsWith, realInputs, ROOT, validDataset } from './helpers.ts';

const file = datasetPath;
const LITS_HOMEPAGE = 'https://competitions.codalab.org/competitions/17094';

/** LiTS as it is in the catalog, in the shape the tests need. */
const lits = validDataset('lits', {
  name: 'name: LiTS\naliases: [LiTS17, Liver Tumor Segmentation Benchmark]',
  links: `links:\n  homepage: ${LITS_HOMEPAGE}\n  paper: https://arxiv.org/abs/1901.04056`,
});

/** A second entry for LiTS under another id; `fields` replace lines as in validDataset. */
const copyOfLits = (id: string, fields: Record<string, string> = {}) =>
  validDataset(id, { name: 'name: Hepatic tumour CT', links: `links:\n  homepage: ${LITS_HOMEPAGE}`, ...fields });

/**
 * Runs the pipeline over the data files, in file-name order as they are read from disk, with an
 * explicit set of changed files (undefined: no git information).
 */
function check(datasets: Record<string, string>, changed?: readonly string[]) {
  const inFileOrder = Object.fromEntries(Object.entries(datasets).sort(([a], [b]) => (a < b ? -1 : 1)));
  const options = changed ? { changedFiles: () => new Set(changed.map((id) => file(id))) } : {};
  return assemble(inputsWith(inFileOrder), options).diagnostics.filter((d) => d.ruleId !== 'data/unformatted');
}

describe('data/duplicate-url blames the new file', () => {
  test.each([
    ['sorts before the existing one', 'hepatic-tumour-ct'],
    ['sorts after the existing one', 'liver-tumour-ct'],
  ])('the new file %s', (_, id) => {
    const diagnostics = check({ lits, [id]: copyOfLits(id) }, [id]);
    expect(compact(diagnostics)).toEqual([`data/duplicate-url ${file(id)}:13:13`]);
    expect(diagnostics[0]!.message).toBe(
      `homepage ${LITS_HOMEPAGE} is already linked by LiTS (${file('lits')}:14); did you mean the existing entry "lits"?`,
    );
  });

  test('without git information: the later id, in words true either way', () => {
    const diagnostics = check({ lits, 'hepatic-tumour-ct': copyOfLits('hepatic-tumour-ct') });
    expect(compact(diagnostics)).toEqual([`data/duplicate-url ${file('lits')}:14:13`]);
    expect(diagnostics[0]!.message).toBe(`homepage ${LITS_HOMEPAGE} is also linked by Hepatic tumour CT (${file('hepatic-tumour-ct')}:13)`);
  });

  test('both files changed: the later id, neutral words', () => {
    const diagnostics = check({ lits, 'hepatic-tumour-ct': copyOfLits('hepatic-tumour-ct') }, ['lits', 'hepatic-tumour-ct']);
    expect(compact(diagnostics)).toEqual([`data/duplicate-url ${file('lits')}:14:13`]);
    expect(diagnostics[0]!.message).not.toContain('existing');
  });

  test('three entries with one page: each new one is blamed once, against the existing one', () => {
    const diagnostics = check({ lits, 'a-copy': copyOfLits('a-copy'), 'z-copy': copyOfLits('z-copy', { name: 'name: Zeta liver copy' }) }, ['a-copy', 'z-copy']);
    expect(compact(diagnostics)).toEqual([`data/duplicate-url ${file('a-copy')}:13:13`, `data/duplicate-url ${file('z-copy')}:13:13`]);
    for (const d of diagnostics) expect(d.message).toContain('the existing entry "lits"');
  });

  test('an arXiv version of a paper already listed', () => {
    const id = 'hepatic-tumour-ct';
    const diagnostics = check({ lits, [id]: copyOfLits(id, { links: 'links:\n  homepage: https://example.org/hepatic\n  paper: https://arxiv.org/pdf/1901.04056v2.pdf' }) }, [id]);
    expect(compact(diagnostics)).toEqual([`data/duplicate-url ${file(id)}:14:10`]);
    expect(diagnostics[0]!.message).toContain('did you mean the existing entry "lits"?');
  });
});

describe('data/duplicate-name and data/duplicate-id blame the new file', () => {
  test('a name equal to an existing alias, in a file that sorts first', () => {
    const id = 'hepatic-tumour-ct';
    const diagnostics = check({ lits, [id]: copyOfLits(id, { name: 'name: Liver tumor segmentation benchmark', links: 'links:\n  homepage: https://example.org/h' }) }, [id]);
    expect(compact(diagnostics)).toEqual([`data/duplicate-name ${file(id)}:3:7`]);
    expect(diagnostics[0]!.message).toBe(
      `"Liver tumor segmentation benchmark" is already in the list as a name of LiTS (${file('lits')}:4); did you mean the existing entry "lits"?`,
    );
  });

  test('without git information the later id is blamed, in neutral words', () => {
    const id = 'hepatic-tumour-ct';
    const diagnostics = check({ lits, [id]: copyOfLits(id, { name: 'name: Liver tumor segmentation benchmark', links: 'links:\n  homepage: https://example.org/h' }) });
    expect(compact(diagnostics)).toEqual([`data/duplicate-name ${file('lits')}:4:19`]);
    expect(diagnostics[0]!.message).toBe(`"Liver Tumor Segmentation Benchmark" is also a name of Liver tumor segmentation benchmark (${file(id)}:3)`);
  });

  test('a copied file keeping the old id', () => {
    const copy = validDataset('lits', { name: 'name: Another name', links: 'links:\n  homepage: https://example.org/other' });
    const diagnostics = check({ 'a-copy': copy, lits }, ['a-copy']).filter((d) => d.ruleId === 'data/duplicate-id');
    expect(compact(diagnostics)).toEqual([`data/duplicate-id ${file('a-copy')}:2:5`]);
    expect(diagnostics[0]!.message).toBe(`id "lits" is already used by ${file('lits')}:2`);
  });
});

describe('data/similar-name compares names and aliases both ways', () => {
  const id = 'hepatic-tumour-ct';
  const other = (name: string) => copyOfLits(id, { name, links: 'links:\n  homepage: https://example.org/h' });

  test('a name one letter from an existing alias (the issue\'s example)', () => {
    const diagnostics = check({ lits, [id]: other('name: Liver Tumour Segmentation Benchmark') }, [id]);
    expect(compact(diagnostics)).toEqual([`data/similar-name ${file(id)}:3:7`]);
    expect(diagnostics[0]!.message).toBe(
      `name "Liver Tumour Segmentation Benchmark" is one letter away from "Liver Tumor Segmentation Benchmark", an alias of LiTS already in the list (${file('lits')}:4); did you mean the existing entry "lits"?`,
    );
  });

  test('an alias one letter from an existing name', () => {
    const existing = validDataset('kits', { name: 'name: KiTS Kidney Tumour' });
    const diagnostics = check({ kits: existing, [id]: other('name: Renal CT\naliases: [KiTS Kidney Tumor]') }, [id]);
    expect(compact(diagnostics)).toEqual([`data/similar-name ${file(id)}:4:11`]);
    expect(diagnostics[0]!.message).toBe(
      `alias "KiTS Kidney Tumor" is one letter away from "KiTS Kidney Tumour", already in the list (${file('kits')}:3); did you mean the existing entry "kits"?`,
    );
  });

  test('without git information: the later id, neutral words', () => {
    const diagnostics = check({ lits, [id]: other('name: Liver Tumour Segmentation Benchmark') });
    expect(compact(diagnostics)).toEqual([`data/similar-name ${file('lits')}:4:19`]);
    expect(diagnostics[0]!.message).toBe(
      `alias "Liver Tumor Segmentation Benchmark" is one letter away from "Liver Tumour Segmentation Benchmark" (${file(id)}:3)`,
    );
  });

  test('an exact match is data/duplicate-name only, and short names are left alone', () => {
    expect(compact(check({ lits, [id]: other('name: Liver Tumor Segmentation Benchmark\naliases: [Liver Tumour Segmentation Benchmarks]') }, [id]))).toEqual([
      `data/duplicate-name ${file(id)}:3:7`,
    ]);
    expect(check({ lits, [id]: other('name: LiTS 1') }, [id])).toEqual([]); // one letter from LiTS and LiTS17, but short
  });

  test('members of one family are not reported', () => {
    const family = 'family: lits\nyear: 2017';
    const a = validDataset('lits', { name: 'name: LiTS\naliases: [Liver Tumor Segmentation Benchmark]', year: family });
    const b = other('name: Liver Tumour Segmentation Benchmark');
    expect(check({ lits: a, [id]: b.replace('year: 2020', family) }, [id])).toEqual([]);
  });
});

test('git is asked once, and only when two datasets conflict (a clean catalog never pays for it)', () => {
  let asked = 0;
  const changedFiles = () => {
    asked++;
    return new Set<string>();
  };
  const member = (id: string) => validDataset(id, { name: `name: Decathlon ${id}`, links: `links:\n  homepage: ${LITS_HOMEPAGE}`, year: 'family: decathlon\nyear: 2018' });
  assemble(inputsWith({ 'task-a': member('task-a'), 'task-b': member('task-b'), lits: validDataset('lits') }), { changedFiles });
  expect(asked).toBe(0);
  assemble(inputsWith({ lits, 'a-copy': copyOfLits('a-copy'), 'z-copy': copyOfLits('z-copy', { name: 'name: Liver Tumour Segmentation Benchmark' }) }), { changedFiles });
  expect(asked).toBe(1);
});

test('npm run new / from-issue: the proposed record is the one blamed, even when its id sorts first', () => {
  const record = {
    id: 'aaa-liver',
    name: 'AAA liver',
    organs: ['liver'],
    tasks: ['segmentation'],
    modalities: [{ CT: ['contrast-enhanced'] }],
    size: [{ count: 10, unit: 'scans' }],
    labels: 'Liver masks',
    description: 'A copy of a catalog entry, used by the tests to check the duplicate rules.',
    links: { homepage: LITS_HOMEPAGE },
    year: 2017,
    license: 'unknown',
    access: 'unknown',
  };
  const result = proposeRecord(realInputs(), record);
  expect(result.diagnostics.map((d) => d.ruleId)).toContain('data/duplicate-url');
});

describe('changedDataFiles: data files added or changed relative to the base, from git', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });
  const write = (relative: string, text: string) => writeFileSync(path.join(repo, relative), text);

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'amd-git-'));
    mkdirSync(path.join(repo, 'data'));
    cpSync(path.join(ROOT, 'data', 'datasets'), path.join(repo, 'data', 'datasets'), { recursive: true });
    git('init', '--quiet', '--initial-branch=main');
    git('add', '.');
    git('commit', '--quiet', '-m', 'the catalog');
    git('branch', 'base');
    write('data/datasets/committed-on-branch.yaml', copyOfLits('committed-on-branch'));
    git('add', '.');
    git('commit', '--quiet', '-m', 'a dataset');
    write('data/datasets/hepatic-tumour-ct.yaml', copyOfLits('hepatic-tumour-ct'));
    write('data/datasets/acdc.yaml', 'id: acdc\n');
    write('notes.txt', 'outside data/datasets\n');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test('against a base ref: committed since the merge-base, modified, and untracked files', () => {
    expect([...changedDataFiles(repo, { base: 'base', env: {} })!].sort()).toEqual([
      'data/datasets/acdc.yaml',
      'data/datasets/committed-on-branch.yaml',
      'data/datasets/hepatic-tumour-ct.yaml',
    ]);
  });

  test('without a base ref (no origin): only what is not committed', () => {
    expect([...changedDataFiles(repo, { env: {} })!].sort()).toEqual(['data/datasets/acdc.yaml', 'data/datasets/hepatic-tumour-ct.yaml']);
  });

  test('GITHUB_BASE_REF names origin/<branch>', () => {
    git('update-ref', 'refs/remotes/origin/main', 'base');
    try {
      expect([...changedDataFiles(repo, { env: { GITHUB_BASE_REF: 'main' } })!]).toContain('data/datasets/committed-on-branch.yaml');
      expect([...changedDataFiles(repo, { env: {} })!]).toContain('data/datasets/committed-on-branch.yaml'); // origin/main by default
    } finally {
      git('update-ref', '-d', 'refs/remotes/origin/main');
    }
  });

  test('no git information: an unknown ref, or a folder that is not a repository', () => {
    expect(changedDataFiles(repo, { base: 'no-such-ref', env: {} })).toBeUndefined();
    expect(changedDataFiles(repo, { env: { GITHUB_BASE_REF: 'no-such-branch' } })).toBeUndefined();
    const plain = mkdtempSync(path.join(os.tmpdir(), 'amd-plain-'));
    try {
      expect(changedDataFiles(plain, { env: {} })).toBeUndefined();
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
