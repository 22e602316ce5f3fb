/**
 * The review of a submitted "Add a dataset" issue form: its answers turned into a data record
 * (with the same code as `npm run new`), checked by the whole pipeline, and the verdict that is
 * posted on the issue, built as mdast.
 */
import type { Root, RootContent } from 'mdast';
import { loadVocabularies } from './config.ts';
import { hasErrors, type Diagnostic } from './diagnostic.ts';
import { answersToValues, FIELDS, parseIssueBody } from './issue-form.ts';
import { gather, InputError } from './scaffold.ts';
import type { Inputs } from '../pipeline.ts';

/** `proposeRecord` of the pipeline, passed in so the core does not depend on the pipeline. */
export type Propose = (inputs: Inputs, record: { id: string }) => { file: string; text?: string; diagnostics: Diagnostic[] };

export interface Review {
  problems: string[];
  /** The data file and its text, when the proposal passes every check. */
  file?: string;
  text?: string;
}

export async function reviewIssue(body: string, inputs: Inputs, propose: Propose): Promise<Review> {
  const answers = parseIssueBody(body);
  const problems = FIELDS.filter((f) => f.required && !answers.has(f.id)).map((f) => `${f.label}: this answer is required.`);
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  if (!vocabularies) throw new Error('data/vocabularies.yaml is invalid');
  if (problems.length > 0) return { problems };
  const labelOf = (message: string) => message.replace(/^--(\w+)/, (_, id: string) => FIELDS.find((f) => f.id === id)?.label ?? id);
  try {
    const record = await gather(answersToValues(answers), vocabularies, undefined);
    const proposal = propose(inputs, record);
    problems.push(...proposal.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.message}${d.hint ? ` (${d.hint})` : ''}`).map(labelOf));
    if (!hasErrors(proposal.diagnostics) && proposal.text !== undefined) return { problems, file: proposal.file, text: proposal.text };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(labelOf(error.message));
  }
  return { problems };
}

export function verdict(review: Review): Root {
  const { problems, file, text } = review;
  const children: RootContent[] =
    file === undefined || text === undefined
      ? [
          { type: 'paragraph', children: [{ type: 'text', value: '❌ Some answers need a change before this dataset can be added:' }] },
          { type: 'list', ordered: false, spread: false, children: problems.map((p) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: p }] }] })) },
          { type: 'paragraph', children: [{ type: 'text', value: 'Edit the issue to fix them; a maintainer can then remove and re-add the accepted label.' }] },
        ]
      : [
          { type: 'paragraph', children: [{ type: 'text', value: '✅ The proposal passes every check. It becomes ' }, { type: 'inlineCode', value: file }, { type: 'text', value: ':' }] },
          { type: 'code', lang: 'yaml', value: text.trimEnd() },
        ];
  return { type: 'root', children };
}
