/** npm run new: flags, the interactive flow (with a scripted asker), validation before writing. */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { gather, parseSize } from '../scripts/core/scaffold.ts';
import { runCommand } from './commands.ts';
import { realInputs, ROOT } from './helpers.ts';

const vocabularies = loadVocabularies(realInputs().vocabularies).vocabularies!;

describe('scaffold answers', () => {
  test('interactive: asks for what flags do not give, accepts aliases, offers vocabulary choices', async () => {
    const asked: { question: string; choices: readonly string[] }[] = [];
    const answers: Record<string, string> = {
      'Dataset name': 'Zebra Lung CT',
      Organs: 'thorax, lungs',
      Tasks: 'seg',
      Modalities: 'computed tomography:low-dose',
      Size: '1,018 scans; >1000 patients',
      'What is annotated': 'Nodules',
      Description: 'Low-dose chest CT with nodule outlines.',
      'Homepage URL': 'https://example.org/zebra',
      Licence: 'custom:Zebra data use terms',
      Access: 'DUA',
    };
    const ask = async (question: string, choices: readonly string[] = []) => {
      asked.push({ question, choices });
      return Object.entries(answers).find(([k]) => question.startsWith(k))![1];
    };
    const record = await gather({}, vocabularies, ask);
    expect(record).toMatchObject({
      id: 'zebra-lung-ct',
      organs: ['chest', 'lung'],
      tasks: ['segmentation'],
      modalities: [{ CT: ['low-dose'] }],
      size: [{ count: 1018, unit: 'scans' }, { count: 1000, unit: 'patients', qualifier: '>' }],
      license: { custom: 'Zebra data use terms' },
      access: 'agreement',
    });
    expect(asked.find((a) => a.question.startsWith('Organs'))!.choices).toContain('heart');
  });

  test('interactive: a wrong answer is explained and asked again', async () => {
    const replies = ['Retry set', 'hart', 'heart', 'segmentation', 'CT', 'ten scans', '10 scans', 'Masks', 'A dataset that tests the retry.', 'https://example.org/retry', 'CC BY 4.0', 'CC-BY-4.0', 'open'];
    const questions: string[] = [];
    const record = await gather({}, vocabularies, async (question) => {
      questions.push(question);
      return replies.shift()!;
    });
    expect(record).toMatchObject({ organs: ['heart'], size: [{ count: 10, unit: 'scans' }], license: 'CC-BY-4.0' });
    expect(questions[2]).toMatch(/^organ "hart" is not a known organ; did you mean "heart"\?.*\nOrgans, main one first/s);
    expect(questions.some((q) => q.startsWith('size "ten scans" should look like'))).toBe(true);
    expect(questions.some((q) => q.startsWith('license "CC BY 4.0" is not a licence id; did you mean "CC-BY-4.0"?'))).toBe(true);
  });

  test('flags only: a missing field or an unknown term is a one-line error', async () => {
    await expect(gather({ name: 'X' }, vocabularies, undefined)).rejects.toThrow('--organ is required');
    await expect(gather({ name: 'X', organ: ['hart'] }, vocabularies, undefined)).rejects.toThrow('did you mean "heart"?');
    expect(() => parseSize('lots of scans')).toThrow(/should look like/);
    expect(parseSize('~600 subjects')).toEqual({ count: 600, unit: 'subjects', approx: true });
  });
});

describe('the command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'amd-new-'));
    for (const p of ['data', 'docs', 'README.md', '.github']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = (command: string, ...args: string[]) => runCommand(command, ['--root', dir, ...args]);
  const flags = (name: string, homepage: string) => [
    '--yes', '--name', name, '--organ', 'kidney', '--task', 'segmentation', '--modality', 'CT:arterial phase',
    '--size', '210 patients', '--labels', 'Kidney and tumour', '--description', 'Arterial-phase CT of kidney tumours with masks.',
    '--homepage', homepage, '--license', 'CC-BY-4.0', '--access', 'open', '--year', '2019', '--license-source', `${homepage}/terms`,
  ];

  test('new → build → check', async () => {
    const created = await runCommand('new', ['--root', dir, ...flags('Kidney Test Set', 'https://example.org/kidney-test')], { process: true });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('created data/datasets/kidney-test-set.yaml');
    expect(created.stdout).toContain('commit only data/: README.md is regenerated from data/ after merge (`npm run build` previews it)');
    expect((await run('fix', '--check')).code).toBe(0); // scaffolded files are canonical
    const pending = await run('check'); // README not yet rebuilt: regenerated after merge, not an error
    expect(pending.code).toBe(0);
    expect(pending.stdout).toContain('README.md will be regenerated from data/ after merge');
    expect((await run('build')).code).toBe(0);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/\*\*\[Kidney Test Set\]\([^)]+\)\*\* \(2019\)/);
    expect((await run('check')).code).toBe(0);
  });

  test('refuses an existing id, and a record the rules reject (duplicate URL) is not written', async () => {
    expect((await run('new', ...flags('ACDC', 'https://example.org/acdc2'), '--id', 'acdc')).stderr).toContain('already exists');
    const dup = await run('new', ...flags('Brand New', 'https://www.creatis.insa-lyon.fr/Challenge/acdc/'));
    expect(dup.code).toBe(1);
    expect(dup.stdout).toContain('data/duplicate-url');
    expect(existsSync(path.join(dir, 'data/datasets/brand-new.yaml'))).toBe(false);
  });
});
