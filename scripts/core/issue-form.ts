/**
 * The "Add a dataset" issue form: generated from the vocabularies (so its dropdowns cannot
 * drift from the schema), and parsed back from the markdown body GitHub produces for a
 * submitted form ("### Label\n\nvalue"), into the same answers `npm run new` takes.
 */
import { stringify } from 'yaml';
import type { Vocabularies, VocabularyName } from './vocabulary.ts';

export const FORM_PATH = '.github/ISSUE_TEMPLATE/add-dataset.yml';
export const NO_RESPONSE = '_No response_';

type Field =
  | { id: string; label: string; kind: 'input' | 'textarea'; required: boolean; description: string; placeholder?: string }
  | { id: string; label: string; kind: 'dropdown'; vocabulary: VocabularyName; multiple: boolean; required: boolean; description: string };

/** One table for both directions: the form is rendered from it and the body parsed with it. */
export const FIELDS: readonly Field[] = [
  { id: 'name', label: 'Dataset name', kind: 'input', required: true, description: 'The short name readers know it by, e.g. "BraTS 2021".' },
  { id: 'aliases', label: 'Other names', kind: 'input', required: false, description: 'Full name and abbreviations, separated by commas.' },
  { id: 'organ', label: 'Organs', kind: 'dropdown', vocabulary: 'organ', multiple: true, required: true, description: 'The first one you pick decides the README section.' },
  { id: 'task', label: 'Tasks', kind: 'dropdown', vocabulary: 'task', multiple: true, required: true, description: 'What the labels let you train or evaluate.' },
  { id: 'modality', label: 'Modalities', kind: 'dropdown', vocabulary: 'modality', multiple: true, required: true, description: 'Imaging modalities.' },
  { id: 'subtypes', label: 'Modality details', kind: 'input', required: false, description: 'Sub-types per modality, e.g. "MRI: T1, T2, FLAIR; CT: portal venous".' },
  { id: 'size', label: 'Size', kind: 'input', required: true, description: 'Count and unit (subjects, patients, scans, studies, images, slides, volumes); several separated by ";". Prefix ~ when approximate, > for a lower bound.', placeholder: '1204 scans; ~600 patients' },
  { id: 'labels', label: 'Labels', kind: 'input', required: true, description: 'What is annotated, in a phrase.' },
  { id: 'description', label: 'Description', kind: 'textarea', required: true, description: 'One or two sentences in your own words (not copied from the dataset page).' },
  { id: 'homepage', label: 'Homepage', kind: 'input', required: true, description: 'The official page of the dataset (https://…).' },
  { id: 'download', label: 'Download link', kind: 'input', required: false, description: 'Where the data is fetched, if not the homepage.' },
  { id: 'paper', label: 'Paper', kind: 'input', required: false, description: 'The paper to cite; a https://doi.org/ link if there is one.' },
  { id: 'code', label: 'Code', kind: 'input', required: false, description: 'Official loader or baseline code.' },
  { id: 'year', label: 'Year', kind: 'input', required: false, description: 'Year of first public release; leave empty if no source confirms it.' },
  { id: 'license', label: 'Licence', kind: 'input', required: true, description: 'An SPDX id (CC-BY-4.0), "unknown" if no source states one, or "custom: <name of the terms>".' },
  { id: 'access', label: 'Access', kind: 'dropdown', vocabulary: 'access', multiple: false, required: true, description: 'How a user gets the data.' },
  { id: 'sources', label: 'Sources', kind: 'textarea', required: true, description: 'Where the facts above come from (links). They become the maintainer notes.' },
];

export function renderIssueForm(vocabularies: Vocabularies): string {
  const body = FIELDS.map((field) => {
    if (field.kind === 'dropdown') {
      return {
        type: 'dropdown',
        id: field.id,
        attributes: { label: field.label, description: field.description, multiple: field.multiple, options: [...vocabularies[field.vocabulary].terms.keys()] },
        validations: { required: field.required },
      };
    }
    return {
      type: field.kind,
      id: field.id,
      attributes: { label: field.label, description: field.description, ...(field.kind === 'input' && field.placeholder ? { placeholder: field.placeholder } : {}) },
      validations: { required: field.required },
    };
  });
  const form = {
    name: 'Add a dataset',
    description: 'Propose a public medical imaging dataset for the list.',
    title: '[dataset] ',
    labels: ['dataset'],
    body: [
      { type: 'markdown', attributes: { value: 'Thank you! Fill in what the dataset\'s official pages state. A maintainer reviews the proposal; once it is labelled `accepted`, a bot checks it with the same rules as `npm run check` and opens a pull request.' } },
      ...body,
      {
        type: 'checkboxes',
        id: 'confirm',
        attributes: {
          label: 'Checks',
          options: [
            { label: 'The description is in my own words.', required: true },
            { label: 'Every fact comes from a source listed above; I left out what I could not confirm.', required: true },
          ],
        },
      },
    ],
  };
  return `# Generated from data/vocabularies.yaml by \`npm run build\`; edit scripts/core/issue-form.ts, not this file.\n${stringify(form, { lineWidth: 0 })}`;
}

/** The answers of a submitted form, by field id; empty answers are left out. */
export function parseIssueBody(body: string): Map<string, string> {
  const answers = new Map<string, string>();
  const byLabel = new Map(FIELDS.map((f) => [f.label.toLowerCase(), f.id]));
  const sections = body.replace(/\r\n?/g, '\n').split(/^###[ \t]+/m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const label = (newline === -1 ? section : section.slice(0, newline)).trim().toLowerCase();
    const value = (newline === -1 ? '' : section.slice(newline + 1)).trim();
    const id = byLabel.get(label);
    if (id && value !== '' && value !== NO_RESPONSE) answers.set(id, value);
  }
  return answers;
}

/** Answers in the shape `gather` (npm run new) takes: lists split, the licence as typed. */
export function answersToValues(answers: ReadonlyMap<string, string>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  const list = (text: string) => text.split(/\s*,\s*/).filter(Boolean);
  for (const [id, value] of answers) {
    if (id === 'organ' || id === 'task') values[id] = list(value);
    else if (id === 'modality') values.modality = list(value);
    else if (id === 'size') values.size = value.split(/\s*;\s*/).filter(Boolean);
    else values[id] = value.replace(/\s+/g, ' ');
  }
  // Sub-types ("MRI: T1, T2; CT: portal venous") join their modality as "MRI:T1,T2".
  const subtypes = new Map<string, string>();
  for (const part of (answers.get('subtypes') ?? '').split(';')) {
    const [term, rest] = part.split(/:(.*)/s);
    if (term && rest) subtypes.set(term.trim().toLowerCase(), rest.trim());
  }
  if (Array.isArray(values.modality)) {
    values.modality = values.modality.map((m) => (subtypes.has(m.toLowerCase()) ? `${m}:${subtypes.get(m.toLowerCase())}` : m));
  }
  return values;
}
