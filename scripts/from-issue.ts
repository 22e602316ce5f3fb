/**
 * npm run from-issue — turn a submitted "Add a dataset" issue form into a data file, or into
 * the list of what must change. Prints a markdown verdict (posted as an issue comment by the
 * accept-dataset workflow); with --write, writes the file when the verdict is positive.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root, RootContent } from 'mdast';
import { loadVocabularies } from './core/config.ts';
import { hasErrors } from './core/diagnostic.ts';
import { answersToValues, FIELDS, parseIssueBody } from './core/issue-form.ts';
import { serialize } from './core/render/markdown.ts';
import { gather, InputError } from './core/scaffold.ts';
import { command, COMMON_OPTIONS } from './io/cli.ts';
import { readInputs, writeFileAtomic } from './io/files.ts';
import { proposeRecord } from './pipeline.ts';

const USAGE = `Usage: npm run from-issue -- [options]

Reads the body of a submitted "Add a dataset" issue form (from --body-file, or stdin) and
prints a markdown verdict: the data file it becomes, or what must change.

Options:
  --body-file <file>  the issue body (default: standard input)
  --write             write data/datasets/<id>.yaml when the verdict is positive
  --root <dir>        repository root (default: .)
  -h, --help          show this help

Exit codes: 0 the proposal is valid, 1 it needs changes, 2 usage or internal error.
`;

function verdict(problems: string[], file?: string, text?: string): string {
  const children: RootContent[] =
    problems.length > 0
      ? [
          { type: 'paragraph', children: [{ type: 'text', value: '❌ Some answers need a change before this dataset can be added:' }] },
          { type: 'list', ordered: false, spread: false, children: problems.map((p) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: p }] }] })) },
          { type: 'paragraph', children: [{ type: 'text', value: 'Edit the issue to fix them; a maintainer can then remove and re-add the accepted label.' }] },
        ]
      : [
          { type: 'paragraph', children: [{ type: 'text', value: '✅ The proposal passes every check. It becomes ' }, { type: 'inlineCode', value: file! }, { type: 'text', value: ':' }] },
          { type: 'code', lang: 'yaml', value: text!.trimEnd() },
        ];
  return serialize({ type: 'root', children } satisfies Root);
}

await command(USAGE, {
    ...COMMON_OPTIONS,
    'body-file': { type: 'string' },
    write: { type: 'boolean', default: false },
  }, async (values) => {
  const body = readFileSync(values['body-file'] ?? 0, 'utf8');
  const answers = parseIssueBody(body);
  const problems = FIELDS.filter((f) => f.required && !answers.has(f.id)).map((f) => `${f.label}: this answer is required.`);
  const inputs = readInputs(values.root);
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  if (!vocabularies) throw new Error('data/vocabularies.yaml is invalid');
  if (problems.length === 0) {
    try {
      const record = await gather(answersToValues(answers), vocabularies, undefined);
      const proposal = proposeRecord(inputs, record);
      const labelOf = (message: string) => message.replace(/^--(\w+)/, (_, id: string) => FIELDS.find((f) => f.id === id)?.label ?? id);
      problems.push(...proposal.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.message}${d.hint ? ` (${d.hint})` : ''}`).map(labelOf));
      if (!hasErrors(proposal.diagnostics) && proposal.text !== undefined) {
        if (values.write) await writeFileAtomic(path.join(values.root, proposal.file), proposal.text);
        process.stdout.write(verdict([], proposal.file, proposal.text));
        return 0;
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message.replace(/^--(\w+)/, (_, id: string) => FIELDS.find((f) => f.id === id)?.label ?? id));
    }
  }
  process.stdout.write(verdict(problems));
  return 1;
});
