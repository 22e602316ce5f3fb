/**
 * The "Add a dataset" issue form: generated from the vocabularies (so its dropdowns cannot
 * drift from the schema), and parsed back from the markdown body GitHub produces for a
 * submitted form ("### Label\n\nvalue"), into the same answers `npm run new` takes.
 */
import { stringify } from 'yaml';
import { repositoryFileUrl, type Home } from './home.ts';
import type { FieldProblem } from './scaffold.ts';
import { normalizeTerm } from './suggest.ts';
import type { Vocabularies, Vocabulary, VocabularyName } from './vocabulary.ts';

export const FORM_PATH = '.github/ISSUE_TEMPLATE/add-dataset.yml';
export const ISSUE_CONFIG_PATH = '.github/ISSUE_TEMPLATE/config.yml';
export const NO_RESPONSE = '_No response_';

/** The data path an answer fills, e.g. ['links', 'homepage']. */
type DataPath = readonly (string | number)[];

type Field = { id: string; label: string; required: boolean; description: string; fills?: DataPath } & (
  | { kind: 'input' | 'textarea'; placeholder?: string }
  | { kind: 'dropdown'; vocabulary: VocabularyName; multiple: boolean }
);

/**
 * One table for both directions: the form is rendered from it and the body parsed with it. A
 * field's id is the `npm run new` flag its answer feeds, so problems found while gathering the
 * record name the field they came from; `fills` names the data it becomes, so findings about the
 * data file name the field too. (Modality details have no path of their own: they join their
 * modality, `modalities[i].<term>`.)
 */
export const FIELDS: readonly Field[] = [
  { id: 'name', label: 'Dataset name', kind: 'input', required: true, description: 'The short name readers know it by, e.g. "BraTS 2021". It also names the data file.', fills: ['name'] },
  { id: 'aliases', label: 'Other names', kind: 'input', required: false, description: 'Full name and abbreviations, separated by commas.', fills: ['aliases'] },
  { id: 'family', label: 'Part of a series / family', kind: 'input', required: false, description: 'If this is one edition or part of a series (BraTS 2023 of the BraTS challenges, a task of the Medical Segmentation Decathlon), the series\' short name, e.g. "BraTS". Editions of one series are listed together and may share links. Leave empty otherwise.', fills: ['family'] },
  { id: 'version', label: 'Version within the series', kind: 'input', required: false, description: 'This member\'s edition or part, e.g. "2023" or "Task05"; only with a series above.', fills: ['version'] },
  { id: 'organ', label: 'Organs', kind: 'dropdown', vocabulary: 'organ', multiple: true, required: true, description: 'The first one you pick decides the README section.', fills: ['organs'] },
  { id: 'task', label: 'Tasks', kind: 'dropdown', vocabulary: 'task', multiple: true, required: true, description: 'What the labels let you train or evaluate.', fills: ['tasks'] },
  { id: 'modality', label: 'Modalities', kind: 'dropdown', vocabulary: 'modality', multiple: true, required: true, description: 'Imaging modalities.', fills: ['modalities'] },
  { id: 'subtypes', label: 'Modality details', kind: 'input', required: false, description: 'Sub-types per modality, each list after its modality, e.g. "MRI: T1, T2, FLAIR; CT: portal venous". With one modality selected, the list alone will do: "T1, T2, FLAIR".' },
  { id: 'size', label: 'Size', kind: 'input', required: true, description: 'Count and unit (subjects, patients, scans, studies, images, slides, volumes); several separated by ";". Prefix ~ when approximate, > for a lower bound.', placeholder: '1204 scans; ~600 patients', fills: ['size'] },
  { id: 'labels', label: 'Labels', kind: 'input', required: true, description: 'What is annotated, in a phrase.', fills: ['labels'] },
  { id: 'description', label: 'Description', kind: 'textarea', required: true, description: 'One or two sentences in your own words (not copied from the dataset page).', fills: ['description'] },
  { id: 'summary', label: 'One-line summary', kind: 'input', required: false, description: 'Only when the description is longer than 120 characters: the same in one line of at most 120, shown in the README row.', fills: ['summary'] },
  { id: 'homepage', label: 'Homepage', kind: 'input', required: true, description: 'The official page of the dataset (https://…).', fills: ['links', 'homepage'] },
  { id: 'download', label: 'Download link', kind: 'input', required: false, description: 'Where the data is fetched, if not the homepage.', fills: ['links', 'download'] },
  { id: 'paper', label: 'Paper', kind: 'input', required: false, description: 'The paper to cite; a https://doi.org/ link if there is one.', fills: ['links', 'paper'] },
  { id: 'code', label: 'Code', kind: 'input', required: false, description: 'Official loader or baseline code.', fills: ['links', 'code'] },
  { id: 'year', label: 'Year', kind: 'input', required: false, description: 'Year of first public release; leave empty if no source confirms it.', fills: ['year'] },
  { id: 'license', label: 'Licence', kind: 'input', required: true, description: 'An SPDX id (CC-BY-4.0), "none-stated" if the official pages state none, "unknown" if not checked, or "custom: <name of the terms>".', fills: ['license'] },
  { id: 'access', label: 'Access', kind: 'dropdown', vocabulary: 'access', multiple: false, required: true, description: 'How a user gets the data.', fills: ['access'] },
  { id: 'license-source', label: 'Licence source', kind: 'input', required: false, description: 'The page that states the licence (https://…): the official page or terms, the paper, the official repository or licence file, the archive record. Needed unless the licence is "unknown".', fills: ['sources'] },
  { id: 'access-source', label: 'Access source', kind: 'input', required: false, description: 'The page that says how to get the data (https://…), if not the licence source. Needed unless access is "unknown".', fills: ['sources'] },
  { id: 'sources', label: 'Sources', kind: 'textarea', required: true, description: 'Where the facts above come from (links). They become the maintainer notes.', fills: ['notes'] },
];

/** The form's required checkboxes: a proposal whose author did not tick them all is not taken. */
export const CONFIRMATIONS = {
  id: 'confirm',
  label: 'Checks',
  options: ['The description is in my own words.', 'Every fact comes from a source listed above; I left out what I could not confirm.'],
} as const;

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
        id: CONFIRMATIONS.id,
        attributes: { label: CONFIRMATIONS.label, options: CONFIRMATIONS.options.map((label) => ({ label, required: true })) },
      },
    ],
  };
  return `# Generated from data/vocabularies.yaml by \`npm run build\`; edit scripts/core/issue-form.ts, not this file.\n${stringify(form, { lineWidth: 0 })}`;
}

/** The issue chooser: only the form, and a link for corrections (GitHub wants an absolute URL). */
export function renderIssueConfig(home: Home): string {
  const config = {
    blank_issues_enabled: false,
    contact_links: [
      {
        name: 'Report a wrong fact or a dead link',
        url: repositoryFileUrl(home, 'CONTRIBUTING.md'),
        about: "Open a pull request that edits the dataset's file in data/datasets/ (CONTRIBUTING.md explains how).",
      },
    ],
  };
  return `# Generated from package.json ("repository") by \`npm run build\`; edit scripts/core/issue-form.ts, not this file.\n${stringify(config, { lineWidth: 0 })}`;
}

export interface IssueBody {
  /** The answers by field id; empty answers are left out. */
  answers: Map<string, string>;
  /** Fields whose heading occurs more than once (a "### Label" line typed inside another answer). */
  repeated: string[];
  /** The confirmations ticked, as `confirmationKey` gives them. */
  ticked: Set<string>;
  /** Whether any heading of the form was found at all. */
  recognised: boolean;
}

/** Checkbox text compared without case and spacing, as an edited issue may change them. */
export const confirmationKey = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** A submitted form as GitHub renders it: "### Label\n\nvalue" per field, "- [X] label" per ticked checkbox. */
export function parseIssueBody(body: string): IssueBody {
  const answers = new Map<string, string>();
  const seen = new Set<string>();
  const repeated: string[] = [];
  const ticked = new Set<string>();
  const byLabel = new Map<string, string>([...FIELDS, CONFIRMATIONS].map((f) => [f.label.toLowerCase(), f.id]));
  const sections = body.replace(/\r\n?/g, '\n').split(/^###[ \t]+/m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const label = (newline === -1 ? section : section.slice(0, newline)).trim().toLowerCase();
    const value = (newline === -1 ? '' : section.slice(newline + 1)).trim();
    const id = byLabel.get(label);
    if (id === undefined) continue;
    if (seen.has(id)) {
      if (!repeated.includes(id)) repeated.push(id);
      continue; // the first answer stays; which one the author meant is theirs to say
    }
    seen.add(id);
    if (id === CONFIRMATIONS.id) {
      for (const match of value.matchAll(/^\s*[-*]\s*\[[xX]\]\s*(.+)$/gm)) ticked.add(confirmationKey(match[1]!));
    } else if (value !== '' && value !== NO_RESPONSE) {
      answers.set(id, value);
    }
  }
  return { answers, repeated, ticked, recognised: seen.size > 0 };
}

const labelOf = (id: string) => FIELDS.find((f) => f.id === id)?.label ?? id;

/**
 * Answers in the shape `gather` (npm run new) takes: lists split, the licence as typed, and the
 * modality details joined to their modality ("MRI:T1,T2"). Details that cannot be placed are
 * problems, never dropped.
 */
export function answersToValues(answers: ReadonlyMap<string, string>, vocabularies: Vocabularies): { values: Record<string, string | string[]>; problems: FieldProblem[] } {
  const values: Record<string, string | string[]> = {};
  const list = (text: string) => text.split(/\s*,\s*/).map((s) => s.trim()).filter(Boolean);
  for (const [id, value] of answers) {
    if (id === 'subtypes') continue;
    if (id === 'organ' || id === 'task' || id === 'modality') values[id] = list(value);
    else if (id === 'size') values.size = value.split(/\s*;\s*/).filter(Boolean);
    else values[id] = value.replace(/\s+/g, ' ');
  }
  const details = answers.get('subtypes');
  if (details === undefined || !Array.isArray(values.modality)) return { values, problems: [] };
  const placed = placeDetails(values.modality, details.replace(/\s+/g, ' '), vocabularies.modality);
  values.modality = placed.modalities;
  return { values, problems: placed.problems };
}

/**
 * "MRI: T1, T2; CT: portal venous" joined to the selected modalities. A part without a prefix
 * belongs to the only selected modality; with several selected, or a prefix that names none of
 * them, the author is asked to say which.
 */
function placeDetails(selected: readonly string[], details: string, vocabulary: Vocabulary): { modalities: string[]; problems: FieldProblem[] } {
  const termOf = (text: string) => vocabulary.lookup.get(normalizeTerm(text));
  const chosen = [...new Set(selected.map(termOf).filter((t): t is string => t !== undefined))];
  const byTerm = new Map<string, string[]>();
  const problems: FieldProblem[] = [];
  const ask = (part: string, what: string, rest: string) =>
    problems.push({
      field: 'subtypes',
      detail: `"${part}" ${what}; prefix it with one of the selected modalities (${chosen.join(', ')}), e.g. "${chosen[0]}: ${rest}"`,
    });
  for (const part of details.split(';').map((p) => p.trim()).filter(Boolean)) {
    const prefixed = /^([^:]+):(.*)$/s.exec(part);
    const rest = (prefixed ? prefixed[2]! : part).trim();
    let term: string | undefined;
    if (!prefixed) {
      if (chosen.length === 1) term = chosen[0];
      else if (chosen.length > 1) ask(part, 'does not say which modality it belongs to', rest);
    } else {
      const named = termOf(prefixed[1]!);
      if (named !== undefined && chosen.includes(named)) term = named;
      else if (chosen.length > 0) ask(part, named === undefined ? `names "${prefixed[1]!.trim()}", which is not a modality` : `names ${named}, which is not selected under ${labelOf('modality')}`, rest);
    }
    if (term !== undefined) byTerm.set(term, [...(byTerm.get(term) ?? []), ...rest.split(',').map((s) => s.trim()).filter(Boolean)]);
  }
  const modalities = selected.map((m) => {
    const items = byTerm.get(termOf(m) ?? '');
    return items && items.length > 0 ? `${m}:${items.join(',')}` : m;
  });
  return { modalities, problems };
}
