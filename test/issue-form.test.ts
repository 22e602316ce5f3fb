/** The issue form: generated from the vocabularies, and parsed back into a data file or a list of problems. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { FIELDS, FORM_PATH, parseIssueBody, renderIssueForm } from '../scripts/core/issue-form.ts';
import { reviewIssue, verdict } from '../scripts/core/issue-review.ts';
import { serialize } from '../scripts/core/render/markdown.ts';
import { proposeRecord } from '../scripts/pipeline.ts';
import { FIXTURES, realInputs, ROOT } from './helpers.ts';

const vocabularies = loadVocabularies(realInputs().vocabularies).vocabularies!;
const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'issue-forms', `${name}.md`), 'utf8');

/** The command's work in process: the verdict it prints and the exit code it returns. */
async function fromIssue(name: string) {
  const review = await reviewIssue(fixture(name), realInputs(), proposeRecord);
  return { code: review.file === undefined ? 1 : 0, out: serialize(verdict(review)) };
}

/** The command itself, once: reads the body file, prints the verdict, sets the exit code. */
function spawnFromIssue(name: string) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.mjs'), 'from-issue', '--root', ROOT, '--body-file', path.join(FIXTURES, 'issue-forms', `${name}.md`)], {
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the form', () => {
  test('is the generated file, and its dropdowns are exactly the vocabulary terms', () => {
    const onDisk = readFileSync(path.join(ROOT, FORM_PATH), 'utf8');
    expect(onDisk).toBe(renderIssueForm(vocabularies));
    const form = parse(onDisk) as { body: { id?: string; type: string; attributes: { options?: string[] } }[] };
    for (const name of ['organ', 'task', 'modality', 'access'] as const) {
      expect(form.body.find((b) => b.id === name)!.attributes.options).toEqual([...vocabularies[name].terms.keys()]);
    }
    expect(form.body.filter((b) => b.id).map((b) => b.id)).toEqual([...FIELDS.map((f) => f.id), 'confirm']);
  });

  test('blank issues are disabled', () => {
    expect(parse(readFileSync(path.join(ROOT, '.github/ISSUE_TEMPLATE/config.yml'), 'utf8'))).toMatchObject({ blank_issues_enabled: false });
  });
});

describe('npm run from-issue', () => {
  test('complete: a valid, canonical data file', () => {
    const { code, out } = spawnFromIssue('complete');
    expect(code).toBe(0);
    expect(out).toContain('✅ The proposal passes every check. It becomes `data/datasets/hepatic-vessel-atlas-2026.yaml`:');
    const yaml = /```yaml\n([^]*?)\n```/.exec(out)![1]!;
    expect(parse(yaml)).toMatchObject({
      id: 'hepatic-vessel-atlas-2026',
      organs: ['liver', 'abdomen'],
      modalities: [{ CT: ['portal venous phase', 'arterial phase'] }],
      size: [{ count: 599, unit: 'patients' }, { count: 489, unit: 'patients', approx: true, note: 'labelled training' }],
      links: { homepage: 'https://example.org/hepatic-vessel-atlas/', paper: 'https://doi.org/10.1234/hva.2026', code: 'https://github.com/example/hepatic-vessel-atlas' },
      license: 'CC-BY-NC-SA-4.0',
      access: 'open',
    });
    expect(parse(yaml).links.download).toBeUndefined(); // "_No response_" is no answer
  });

  test('missing fields are all listed at once', async () => {
    const { code, out } = await fromIssue('missing-fields');
    expect(code).toBe(1);
    expect(out).toContain('- Labels: this answer is required.');
    expect(out).toContain('- Homepage: this answer is required.');
  });

  test('a bad URL is reported with what was expected', async () => {
    const { code, out } = await fromIssue('bad-url');
    expect(code).toBe(1);
    expect(out).toMatch(/links\.homepage text "hepatic vessel atlas dot org" is not a valid URL/);
  });

  test('an unknown organ gets "did you mean"', async () => {
    const { code, out } = await fromIssue('unknown-organ');
    expect(code).toBe(1);
    expect(out).toContain('Organs "livr" is not a known organ; did you mean "liver"?');
  });

  test('hostile text stays text: no HTML, no broken fences, no command injection', async () => {
    const { code, out } = await fromIssue('hostile-text');
    expect([0, 1]).toContain(code);
    expect(out).not.toMatch(/<script>|<img /);
    if (code === 0) {
      const fence = /^(`{3,})yaml$/m.exec(out)![1]!;
      expect(fence.length).toBeGreaterThan(3); // the description's ``` cannot close the block
      const yaml = out.slice(out.indexOf(`${fence}yaml\n`) + fence.length + 5, out.lastIndexOf(fence));
      expect(parse(yaml).name).toContain('<script>alert(1)</script>');
    }
  });

  test('parsing: labels are matched case-insensitively and "_No response_" is no answer', () => {
    const answers = parseIssueBody('### dataset NAME\r\n\r\nX\r\n\r\n### Year\n\n_No response_\n');
    expect([...answers]).toEqual([['name', 'X']]);
  });
});
