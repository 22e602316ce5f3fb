/** Families, lifecycle, severities, similar names and the rule docs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { slug } from 'github-slugger';
import { describe, expect, test } from 'vitest';
import { RULES } from '../scripts/core/rules/registry.ts';
import { compact, datasetPath, ROOT, run, source, validDataset } from './helpers.ts';

const file = (id: string) => datasetPath(id);

describe('families', () => {
  test('members may share links; strangers may not', () => {
    const shared = 'links:\n  homepage: https://example.org/decathlon';
    const member = (id: string, version: string) =>
      validDataset(id, { name: `name: Decathlon ${version}`, links: shared, year: `family: decathlon\nversion: ${version}\nyear: 2018` });
    expect(run({ 'task-a': member('task-a', 'Task01'), 'task-b': member('task-b', 'Task02') }).diagnostics.filter((d) => d.ruleId !== 'data/unformatted')).toEqual([]);
    const strangers = run({ x: validDataset('x', { name: 'name: Alpha set', links: shared }), y: validDataset('y', { name: 'name: Omega set', links: shared }) });
    expect(compact(strangers.diagnostics)).toEqual([`data/duplicate-url ${file('y')}:13:13`]);
    expect(strangers.diagnostics[0]!.hint).toContain('same `family`');
  });

  test('a version needs a family', () => {
    const result = run({ v: validDataset('v', { year: 'version: v2\nyear: 2020' }) });
    expect(result.diagnostics.map((d) => [d.ruleId, d.message])).toEqual([['schema/required', '"version" needs "family" as well']]);
  });

  test('family members are listed together, in name order', () => {
    const result = run({
      'brats-2021': validDataset('brats-2021', { name: 'name: BraTS 2021', year: 'family: brats\nversion: "2021"\nyear: 2021' }),
      'brats-2018': validDataset('brats-2018', { name: 'name: BraTS 2018', year: 'family: brats\nversion: "2018"\nyear: 2018' }),
      'adni-x': validDataset('adni-x', { name: 'name: ADNI X' }),
      'ctx': validDataset('ctx', { name: 'name: Cortex Z' }),
    });
    const readme = result.generated.find((g) => g.path === 'README.md')!.expected;
    const order = [...readme.matchAll(/^\| \*\*\[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(order).toEqual(['ADNI X', 'BraTS 2018', 'BraTS 2021', 'Cortex Z']);
  });
});

describe('lifecycle', () => {
  test('superseded needs a successor that exists; a successor needs superseded', () => {
    const result = run({
      old: validDataset('old', { name: 'name: Old set', access: 'access: open\nstatus: superseded' }),
      stale: validDataset('stale', { name: 'name: Stale set', access: 'access: open\nstatus: superseded\nsuperseded_by: newest' }),
      nwe: validDataset('nwe', { name: 'name: Brand new', access: 'access: open\nsuperseded_by: old' }),
    });
    expect(result.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}`)).toEqual([
      `data/lifecycle ${file('nwe')}:17`,
      `data/lifecycle ${file('old')}:17`,
      `data/unknown-reference ${file('stale')}:18`,
    ]);
  });

  test('non-active entries are marked; withdrawn ones move to an appendix with no links', () => {
    const result = run({
      gone: validDataset('gone', { name: 'name: Gone set', access: 'access: open\nstatus: withdrawn\nlast_verified: 2025-01-31' }),
      down: validDataset('down', { name: 'name: Down set', access: 'access: open\nstatus: unavailable' }),
      older: validDataset('older', { name: 'name: Older set', access: 'access: open\nstatus: superseded\nsuperseded_by: newer' }),
      newer: validDataset('newer', { name: 'name: Newer set' }),
    });
    expect(result.diagnostics).toEqual([]);
    const readme = result.generated.find((g) => g.path === 'README.md')!.expected;
    expect(readme).toMatch(/^\| \*\*\[Down set\]\(https:\/\/example\.org\/down\)\*\* \(2020\) _\(currently unavailable\)_ +\|/m);
    expect(readme).toMatch(/^\| \*\*\[Older set\]\(https:\/\/example\.org\/older\)\*\* \(2020\) _\(superseded by Newer set\)_ +\|/m);
    expect(readme).toContain('## 🗄️ Withdrawn datasets');
    expect(readme).toMatch(/\| \*\*Gone set\*\* +\| Brain +\| .* \| 2025-01-31 +\|/);
    expect(readme).not.toContain('example.org/gone');
    expect(readme).toContain('**3 datasets** in 1 sections:');
  });

  test('last_verified must be a date', () => {
    const result = run({ d: validDataset('d', { access: 'access: open\nlast_verified: yesterday' }) });
    expect(result.diagnostics.map((d) => d.message)).toEqual(['last_verified text "yesterday" is not a date (YYYY-MM-DD)']);
  });
});

describe('similar names and severities', () => {
  test('one typo apart is a warning naming the other entry; a family silences it', () => {
    const result = run({ a: validDataset('a', { name: 'name: CheXpert' }), b: validDataset('b', { name: 'name: CheXpret' }) });
    expect(compact(result.diagnostics)).toEqual([]); // distance 2: a transposition is two edits
    const typo = run({ a: validDataset('a', { name: 'name: CheXpert' }), b: validDataset('b', { name: 'name: ChexPerts' }) });
    expect(compact(typo.diagnostics)).toEqual([`data/similar-name ${file('b')}:3:7`]);
    expect(typo.diagnostics[0]!.message).toBe(`name "ChexPerts" is one letter away from "CheXpert" (${file('a')}:3)`);
  });

  test('data/rules.yaml changes a severity or turns a rule off, and names unknown rules', () => {
    const files = { h: validDataset('h', { links: 'links:\n  homepage: http://example.org/h' }) };
    expect(run(files).diagnostics.map((d) => d.severity)).toEqual(['warning']);
    const strict = run(files, { rules: source('data/rules.yaml', 'severity:\n  data/http-link: error\n') });
    expect(strict.diagnostics.map((d) => d.severity)).toEqual(['error']);
    expect(run(files, { rules: source('data/rules.yaml', 'severity:\n  data/http-link: off\n') }).diagnostics).toEqual([]);
    const typo = run(files, { rules: source('data/rules.yaml', 'severity:\n  data/http-lnk: off\n') });
    expect(typo.diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`)).toContainEqual(
      'config/invalid 2:3 unknown rule "data/http-lnk"; did you mean "data/http-link"?',
    );
  });

  test('an allow-listed URL may be shared, with a reason', () => {
    const shared = 'links:\n  homepage: https://example.org/portal';
    const files = { x: validDataset('x', { name: 'name: Alpha set', links: shared }), y: validDataset('y', { name: 'name: Omega set', links: shared }) };
    const rules = source('data/rules.yaml', 'allow-duplicate-urls:\n  - url: https://example.org/portal/\n    reason: one portal hosts both collections\n');
    expect(run(files, { rules }).diagnostics).toEqual([]);
  });
});

test('every diagnostic links to its rule, and every rule has its heading in docs/rules.md', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
  for (const id of Object.keys(RULES)) {
    expect(doc).toContain(`### ${id}\n`);
  }
  const [d] = run({ h: validDataset('h', { links: 'links:\n  homepage: http://example.org/h' }) }).diagnostics;
  expect(d!.url).toBe(`docs/rules.md#${slug('data/http-link')}`);
});
