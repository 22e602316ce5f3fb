/** The issue form: generated from the vocabularies, and parsed back into a data file or a list of problems. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { FIELDS, parseIssueBody, renderIssueForm } from '../scripts/core/issue-form.ts';
import { reviewIssue, verdict } from '../scripts/core/issue-review.ts';
import { serialize } from '../scripts/core/render/markdown.ts';
import { proposeRecord } from '../scripts/pipeline.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { FIXTURES, realInputs, ROOT } from './helpers.ts';

const vocabularies = loadVocabularies(realInputs().vocabularies).vocabularies!;
const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'issue-forms', `${name}.md`), 'utf8');

/** A fixture with one answer replaced, as if the author had typed `value` under `### label`. */
function answer(body: string, label: string, value: string): string {
  const section = new RegExp(`(### ${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\n\n)[^]*?(?=\n\n### |$)`);
  if (!section.test(body)) throw new Error(`no section ${label}`);
  return body.replace(section, (_, head: string) => `${head}${value}`);
}

/** The verdict as a reader sees it on GitHub: the items of each list, by the line above the list. */
function readable(markdown: string): Record<string, string[]> {
  const tree = unified().use(remarkParse).parse(markdown) as Root;
  const groups: Record<string, string[]> = {};
  let above = '';
  for (const node of tree.children) {
    if (node.type === 'list') groups[above] = node.children.map((item) => toString(item));
    else above = toString(node);
  }
  return groups;
}

const PROBLEMS = '❌ Some answers need a change before this dataset can be added:';
const WARNINGS = '⚠ Please check';

/** The command's work in process: the verdict it prints and the exit code it returns. */
async function review(body: string, inputs = realInputs()) {
  const result = await reviewIssue(body, inputs, proposeRecord);
  const out = serialize(verdict(result));
  const groups = readable(out);
  const yaml = /^(`{3,})yaml\n([^]*?)\n\1$/m.exec(out)?.[2];
  return { code: result.file === undefined ? 1 : 0, out, problems: groups[PROBLEMS] ?? [], warnings: groups[WARNINGS] ?? [], record: yaml === undefined ? undefined : parse(yaml) };
}
const fromIssue = (name: string) => review(fixture(name));

describe('the form', () => {
  // Whether the file on disk is current is `npm run check`'s business (it is rebuilt on main).
  test('is rendered from the vocabularies: its dropdowns are exactly the vocabulary terms', async () => {
    const form = parse(renderIssueForm(vocabularies)) as { body: { id?: string; type: string; attributes: { options?: string[] } }[] };
    for (const name of ['organ', 'task', 'modality', 'access'] as const) {
      expect(form.body.find((b) => b.id === name)!.attributes.options).toEqual([...vocabularies[name].terms.keys()]);
    }
    expect(form.body.filter((b) => b.id).map((b) => b.id)).toEqual([...FIELDS.map((f) => f.id), 'confirm']);
  });

  test('blank issues are disabled', async () => {
    expect(parse(readFileSync(path.join(ROOT, '.github/ISSUE_TEMPLATE/config.yml'), 'utf8'))).toMatchObject({ blank_issues_enabled: false });
  });
});

describe('npm run from-issue', () => {
  test('complete: a valid, canonical data file', async () => {
    const { code, out, record, problems, warnings } = await fromIssue('complete');
    expect(code).toBe(0);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(out).toContain('✅ The proposal passes every check. It becomes `data/datasets/hepatic-vessel-atlas-2026.yaml`:');
    expect(record).toMatchObject({
      id: 'hepatic-vessel-atlas-2026',
      organs: ['liver', 'abdomen'],
      modalities: [{ CT: ['portal venous phase', 'arterial phase'] }],
      size: [{ count: 599, unit: 'patients' }, { count: 489, unit: 'patients', approx: true, note: 'labelled training' }],
      links: { homepage: 'https://example.org/hepatic-vessel-atlas/', paper: 'https://doi.org/10.1234/hva.2026', code: 'https://github.com/example/hepatic-vessel-atlas' },
      license: 'CC-BY-NC-SA-4.0',
      access: 'open',
    });
    expect(record.links.download).toBeUndefined(); // "_No response_" is no answer
  });

  test('missing fields are all listed at once, by their label', async () => {
    const { code, problems } = await fromIssue('missing-fields');
    expect(code).toBe(1);
    expect(problems).toEqual(['Labels: this answer is required.', 'Homepage: this answer is required.']);
  });

  test('every problem is in one report, in the form\'s labels, each with what to write instead', async () => {
    const { code, problems } = await fromIssue('several-mistakes');
    expect(code).toBe(1);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^Organs: "livr" is not a known organ; did you mean "liver"\?/);
    expect(problems[1]).toBe('Size: "about 600 patients" should look like "600 patients", "~600 patients" or ">600 patients"');
    expect(problems[2]).toMatch(/^Homepage: "hepatic vessel atlas dot org" is not a valid URL — write the full address/);
    expect(problems[3]).toMatch(/^Year: "twenty twenty-six" is not a year; write its four digits, e.g. "\d{4}"/);
    expect(problems[4]).toMatch(/^Licence: "CC BY 4.0" is not a licence id; did you mean "CC-BY-4.0"\?/);
    expect(problems[5]).toMatch(/^Checks: "The description is in my own words." is not ticked/);
  });

  test('pipeline findings speak the form\'s labels, not YAML paths', async () => {
    const { code, out, problems } = await fromIssue('bad-url');
    expect(code).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/^Homepage: "hepatic vessel atlas dot org" is not a valid URL/)]);
    expect(out).not.toMatch(/links\.|homepage/);
    const long = await review(answer(fixture('complete'), 'Description', 'A description that goes on. '.repeat(10)));
    expect(long.problems).toEqual([expect.stringMatching(/^Description: is too long \(279 characters; at most 200\)/)]);
    const nested = await review(answer(answer(fixture('complete'), 'Size', '599 patients; 12 pts'), 'Modality details', 'CT: arterial, arterial'));
    expect(nested.problems).toEqual([
      'Modality details (CT): lists "arterial" twice — remove the repeated item',
      expect.stringMatching(/^Size \(item 2, unit\): "pts" is not known; expected one of subjects, patients/),
    ]);
  });

  test('an unknown organ gets "did you mean"', async () => {
    const { code, problems } = await fromIssue('unknown-organ');
    expect(code).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/^Organs: "livr" is not a known organ; did you mean "liver"\?/)]);
  });

  test('the required confirmations must be ticked', async () => {
    const complete = fixture('complete');
    const unticked = await review(complete.replace('- [X] Every fact', '- [ ] Every fact'));
    expect(unticked.code).toBe(1);
    expect(unticked.problems).toEqual([
      'Checks: "Every fact comes from a source listed above; I left out what I could not confirm." is not ticked — tick it by editing the issue once it is true',
    ]);
    const missing = await review(complete.slice(0, complete.indexOf('### Checks')));
    expect(missing.code).toBe(1);
    expect(missing.problems).toEqual([
      expect.stringMatching(/^Checks: "The description is in my own words." is not ticked/),
      expect.stringMatching(/^Checks: "Every fact comes from a source listed above; I left out what I could not confirm." is not ticked/),
    ]);
  });

  describe('modality details are never dropped', () => {
    const body = (modalities: string, details: string) => answer(answer(fixture('complete'), 'Modalities', modalities), 'Modality details', details);

    test('without a prefix they belong to the one selected modality', async () => {
      const { code, record } = await review(body('MRI', 'T1, T2, FLAIR'));
      expect(code).toBe(0);
      expect(record.modalities).toEqual([{ MRI: ['T1', 'T2', 'FLAIR'] }]);
      expect((await review(body('MRI, CT', 'MR: T1, T2; computed tomography: portal venous'))).record.modalities).toEqual([{ MRI: ['T1', 'T2'] }, { CT: ['portal venous'] }]);
    });

    test('without a prefix when several are selected, or with a prefix naming another modality, they are a problem', async () => {
      const several = await review(body('MRI, CT', 'T1, T2'));
      expect(several.code).toBe(1);
      expect(several.problems).toEqual(['Modality details: "T1, T2" does not say which modality it belongs to; prefix it with one of the selected modalities (MRI, CT), e.g. "MRI: T1, T2"']);
      const unselected = await review(body('CT', 'MRI: T1'));
      expect(unselected.problems).toEqual(['Modality details: "MRI: T1" names MRI, which is not selected under Modalities; prefix it with one of the selected modalities (CT), e.g. "CT: T1"']);
      const unknown = await review(body('CT', 'Foo: bar'));
      expect(unknown.problems).toEqual(['Modality details: "Foo: bar" names "Foo", which is not a modality; prefix it with one of the selected modalities (CT), e.g. "CT: bar"']);
    });
  });

  test('warnings are shown on a positive verdict, and "Part of a series" silences the similar-name one', async () => {
    const alone = await fromIssue('similar-name');
    expect(alone.code).toBe(0);
    // The rule's own words may change; what matters is the label, the entry named, and the hint in form terms.
    expect(alone.warnings).toEqual([expect.stringMatching(/^Dataset name: "BraTS 2023" is one letter away from "BraTS 2021".*\bbrats-2021\b.* — if this is a version of the same series, answer "Part of a series \/ family"/)]);
    const member = await review(answer(answer(fixture('similar-name'), 'Part of a series / family', 'BraTS'), 'Version within the series', '2023'));
    expect(member.code).toBe(0);
    expect(member.warnings).toEqual([]);
    expect(member.record).toMatchObject({ id: 'brats-2023', family: 'brats', version: '2023' });
    const byName = await review(answer(fixture('similar-name'), 'Part of a series / family', 'BraTS 2021'));
    expect(byName.record).toMatchObject({ family: 'brats' });
    const fresh = await review(answer(fixture('similar-name'), 'Part of a series / family', 'Brat'));
    expect(fresh.code).toBe(0);
    expect(fresh.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^Part of a series \/ family: "Brat" is not a series listed yet; did you mean "brats"\?/)]));
  });

  test('duplicates name the existing entry; an existing id is never overwritten', async () => {
    const same = await review(answer(fixture('complete'), 'Dataset name', 'BraTS 2021'));
    expect(same.code).toBe(1);
    expect(same.problems).toEqual([
      expect.stringMatching(/^Dataset name: "BraTS 2021" would be saved as data\/datasets\/brats-2021\.yaml, which already holds BraTS 2021/),
    ]);
    const url = await review(answer(fixture('complete'), 'Homepage', 'https://www.creatis.insa-lyon.fr/Challenge/acdc/'));
    expect(url.problems).toEqual([expect.stringMatching(/^Homepage: https:\/\/www\.creatis\.insa-lyon\.fr\/Challenge\/acdc\/ is already linked by ACDC.*data\/datasets\/acdc\.yaml:\d+.*"acdc"/)]);
  });

  test('hostile text stays text: no HTML, no control characters, no broken fences, no expressions', async () => {
    const { code, out, problems } = await fromIssue('hostile-text');
    expect(code).toBe(1);
    // Every < and $ escaped: no HTML tag or comment, no math, and ${{ }} stays text.
    expect(out).not.toMatch(/(?<!\\)[<$]|\]\(javascript:/);
    expect(out).not.toMatch(/[\0-\t\v-\x1f\x7f-\x9f\p{Cf}\u2028\u2029]/u); // no raw control or bidi characters; newlines only
    expect(problems).toEqual([
      expect.stringMatching(/^Dataset name: contains an invisible control character \(U\+001B\)/),
      expect.stringMatching(/^Size: contains invisible control characters \(U\+001B, U\+202E\)/),
      'Size: "about\\x1b[31m 600 patients\\u202e ${{ github.token }} $(whoami) <b>x</b>" should look like "600 patients", "~600 patients" or ">600 patients"', // quoted as text, invisible characters spelled out
      expect.stringMatching(/^Labels: contains invisible control characters \(U\+0000, U\+009B\)/),
      expect.stringMatching(/^Homepage: is answered twice: a line starting with "### " inside another answer/),
      expect.stringMatching(/^Homepage: contains an invisible control character \(U\+202E\)/),
    ]);
  });

  test('mentions and issue references typed in the form are shown as code: the comment pings nobody, cross-links nothing', async () => {
    let body = answer(fixture('complete'), 'Size', '@someone 600 patients');
    body = answer(body, 'Licence', 'ask @org/team-a');
    body = answer(body, 'Year', 'see #12 or GH-3, owner/repo#4');
    const { out, problems } = await review(body);
    expect(problems.join('\n')).toContain('"@someone 600 patients" should look like');
    expect(problems.join('\n')).toContain('"see #12 or GH-3, owner/repo#4" is not a year');
    expect(problems.join('\n')).toContain('"ask @org/team-a" is not a licence id');
    const tree = unified().use(remarkParse).parse(out) as Root;
    const inText: string[] = [];
    const inCode: string[] = [];
    visit(tree, (node) => {
      if (node.type === 'text') inText.push(node.value);
      if (node.type === 'inlineCode') inCode.push(node.value);
    });
    // GitHub links mentions and references in text, never in code.
    expect(inText.filter((t) => /@[a-z]|#\d|GH-\d/i.test(t))).toEqual([]);
    expect(inCode).toEqual(expect.arrayContaining(['@someone', '@org/team-a', '#12', 'GH-3', 'owner/repo#4']));
  });

  test('YAML and shell syntax in answers stays literal text, and the id is a slug of the name', async () => {
    const { code, out, record } = await fromIssue('yaml-injection');
    expect(code).toBe(0);
    expect(/^(`{3,})yaml$/m.exec(out)![1]!.length).toBeGreaterThan(3); // the description's ``` cannot close the block
    expect(record).toMatchObject({
      id: 'etcpasswd',
      name: '../../etc/passwd',
      aliases: ['*alias', '&anchor', '!!python/object:os.system'],
      labels: 'Vein masks license: MIT access: open',
      license: 'CC-BY-NC-SA-4.0',
      access: 'open',
    });
    expect(record.description).toContain('foo license: MIT --- id: evil # comment, ``` fence `rm -rf ~` $(whoami) ${{ secrets.GITHUB_TOKEN }}');
  });

  test('parsing: labels are matched case-insensitively, "_No response_" is no answer, boxes ticked with x or X', async () => {
    const body = parseIssueBody('### dataset NAME\r\n\r\nX\r\n\r\n### Year\n\n_No response_\n\n### Checks\n\n- [x] The  description is in my own words.\n- [ ] Every fact\n');
    expect([...body.answers]).toEqual([['name', 'X']]);
    expect([...body.ticked]).toEqual(['the description is in my own words.']);
  });

  test('a body that is not the form says so', async () => {
    const { code, problems } = await review('Please add BraTS 2023, thanks!');
    expect(code).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/^this issue does not follow the "Add a dataset" form/)]);
  });
});

describe('the command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'amd-from-issue-'));
    for (const p of ['data', 'docs', 'README.md', '.github']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const files = (): string[] => (readdirSync(dir, { recursive: true }) as string[]).sort();
  const fromIssueWrite = (options: CommandOptions = {}) =>
    runCommand('from-issue', ['--root', dir, '--write', '--body-file', path.join(FIXTURES, 'issue-forms', 'yaml-injection.md')], { env: { NO_COLOR: '' }, ...options });

  test('--write writes data/datasets/<slug>.yaml and nothing else, and never overwrites it', async () => {
    const before = files();
    const first = await fromIssueWrite({ process: true });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(files()).toEqual([...before, path.join('data', 'datasets', 'etcpasswd.yaml')].sort());
    const written = readFileSync(path.join(dir, 'data/datasets/etcpasswd.yaml'), 'utf8');
    expect(first.stdout).toContain(written.trimEnd());
    const again = await fromIssueWrite();
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/data\/datasets\/etcpasswd\.yaml, which already holds/);
    expect(readFileSync(path.join(dir, 'data/datasets/etcpasswd.yaml'), 'utf8')).toBe(written);
    expect(files()).toEqual([...before, path.join('data', 'datasets', 'etcpasswd.yaml')].sort());
  });
});
