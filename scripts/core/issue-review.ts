/**
 * The review of a submitted "Add a dataset" issue form: its answers turned into a data record
 * (with the same code as `npm run new`), checked by the whole pipeline next to the existing data,
 * and every finding told in the form's own words — the field's label, not a YAML path — in one
 * verdict, built as mdast and posted on the issue.
 */
import type { List, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { loadVocabularies, schemaWithVocabularies } from './config.ts';
import { hasErrors, type Diagnostic, type Severity } from './diagnostic.ts';
import { answersToValues, CONFIRMATIONS, confirmationKey, FIELDS, parseIssueBody } from './issue-form.ts';
import { canonicalReading, formatOrder } from './format.ts';
import { loadYaml, type LoadOptions } from './load.ts';
import type { RuleId } from './rules/registry.ts';
import { gatherAll, slugOf, type FieldProblem } from './scaffold.ts';
import { pathLabel } from './schema.ts';
import type { SourceFile } from './source.ts';
import { closest, normalizeTerm } from './suggest.ts';
import { inertMarkdown, INVISIBLE } from './text-safety.ts';
import type { Inputs } from './source.ts';

/** `proposeRecord` of the pipeline, passed in so the core does not depend on the pipeline. */
export type Propose = (inputs: Inputs, record: { id: string }) => { file: string; text?: string; diagnostics: Diagnostic[] };

/** One thing the author should change (error) or look at (warning), about one field of the form. */
export interface Finding {
  severity: Severity;
  /** The pipeline rule that found it; none for problems found while reading the answers. */
  rule?: RuleId;
  /** The form field's id; none when the finding is about the whole proposal. */
  field?: string;
  /** Which part of a field's answer, e.g. "item 2, unit" for the second size's unit. */
  part?: string;
  message: string;
  hint?: string;
}

export interface Review {
  findings: Finding[];
  /** The data file and its text, only when the proposal passes every check. */
  file?: string;
  text?: string;
}

type Path = (string | number)[];

const labelOf = (field: string) => [...FIELDS, CONFIRMATIONS].find((f) => f.id === field)?.label ?? field;

/**
 * Rule hints that tell a YAML editor what to write, said for the form instead. Rules not listed
 * keep their own hint.
 */
const FORM_HINTS: Partial<Record<RuleId, string>> = {
  'data/similar-name': `if this is a version of the same series, answer "${labelOf('family')}" (and "${labelOf('version')}"); if it is a different dataset, nothing needs to change`,
  'data/duplicate-url': `link the page about this dataset itself; if both are versions of one series, answer "${labelOf('family')}" with the series' name`,
  'schema/length': 'keep it short: the README shows it in a table cell; details belong on the dataset\'s own pages',
};

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is known about the datasets already listed, read leniently (a broken file is `npm run check`'s business). */
interface Listed {
  id: string;
  file: string;
  names: string[];
  family?: string;
}

function listed(datasets: readonly SourceFile[], reading: LoadOptions): Listed[] {
  return datasets.flatMap((source) => {
    const value = loadYaml(source, reading).loaded?.value as Record<string, unknown> | undefined;
    if (!value || typeof value.id !== 'string') return [];
    const strings = (v: unknown) => (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string');
    return [{ id: value.id, file: source.path, names: strings(value.name).concat(strings(value.aliases)), ...(typeof value.family === 'string' ? { family: value.family } : {}) }];
  });
}

/**
 * A series as the author names it ("BraTS", "Medical Segmentation Decathlon", "BraTS 2021") → its
 * family id: an existing family's id, or the family of a listed dataset of that name. Otherwise
 * a new family, with a warning in case it was meant to be an existing one.
 */
function resolveFamily(answer: string, datasets: readonly Listed[]): { family?: string; finding?: Finding } {
  const families = [...new Set(datasets.flatMap((d) => (d.family ? [d.family] : [])))];
  const id = slugOf(answer);
  if (id === '') return { finding: { severity: 'error', field: 'family', message: `"${answer}" has no letters or digits (A–Z, 0–9) to name a series by` } };
  if (families.includes(id)) return { family: id };
  const key = normalizeTerm(answer);
  const member = datasets.find((d) => d.family && d.names.some((n) => normalizeTerm(n) === key));
  if (member) return { family: member.family! };
  const guess = closest(answer, families);
  return {
    family: id,
    finding: {
      severity: 'warning',
      field: 'family',
      message: `"${answer}" is not a series listed yet${guess ? `; did you mean "${guess}"?` : ''}`,
      hint: `as it stands, this dataset starts a new series "${id}"`,
    },
  };
}

/** The path of the deepest node at a 1-based line and column of a YAML text: the inverse of `locate()`. */
function pathsIn(text: string): (line: number, column: number) => Path {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (line, column) => pathAt(doc.contents, (lineCounter.lineStarts[line - 1] ?? 0) + column - 1);
}

function pathAt(root: unknown, offset: number): Path {
  const path: Path = [];
  const inside = (node: unknown) => {
    const range = (node as Node | null)?.range;
    return range != null && range[0] <= offset && offset <= range[1];
  };
  let node = root;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && (inside(p.key) || inside(p.value)));
      if (!pair) return path;
      path.push(String((pair.key as { value: unknown }).value));
      if (!inside(pair.value)) return path; // the key itself
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(inside);
      if (index === -1) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

/** The form field a data path belongs to: the one whose `fills` is the longest prefix of it. */
function fieldOf(path: Path): string | undefined {
  if (path[0] === 'id') return 'name'; // derived from the name
  if (path[0] === 'modalities' && path.length >= 4) return 'subtypes'; // modalities[i].<term>[j]
  let best: { id: string; depth: number } | undefined;
  for (const { id, fills } of FIELDS) {
    if (fills && fills.every((segment, i) => path[i] === segment) && fills.length > (best?.depth ?? 0)) best = { id, depth: fills.length };
  }
  return best?.id;
}

/** Where in a field's answer a deeper path points: "item 2, unit"; for modality details, the modality. */
function partOf(field: string, path: Path): string | undefined {
  if (field === 'subtypes') return String(path[2]);
  const rest = path.slice(FIELDS.find((f) => f.id === field)?.fills?.length ?? path.length);
  return rest.length === 0 ? undefined : rest.map((s) => (typeof s === 'number' ? `item ${s + 1}` : s)).join(', ');
}

/** A pipeline diagnostic about the proposed file, told about the form field it came from. */
function findingOf(d: Diagnostic, pathOf: (line: number, column: number) => Path): Finding {
  const hint = FORM_HINTS[d.ruleId] !== undefined && d.hint !== undefined ? FORM_HINTS[d.ruleId] : d.hint;
  // A missing property is located at the mapping that lacks it, not at a field.
  const path = d.ruleId === 'schema/required' ? [] : pathOf(d.line, d.column);
  const field = fieldOf(path);
  if (field === undefined) return { severity: d.severity, rule: d.ruleId, message: d.message, ...(hint ? { hint } : {}) };
  // Messages start with the YAML path ("links.homepage text …"); the label says that now.
  // (Not for the id: the author did not type it, so "id …" stays.)
  let message = d.message;
  const prefixes = path.map((_, i) => pathLabel(path.slice(0, path.length - i)));
  const last = [...path].reverse().find((s) => typeof s === 'string');
  const subject = path[0] === 'id' ? undefined : [...prefixes, last].find((s) => s && message.startsWith(`${s} `));
  if (subject !== undefined) message = message.slice(subject.length + 1).replace(/^text (?=")/, '');
  const part = partOf(field, path);
  return { severity: d.severity, rule: d.ruleId, field, ...(part ? { part } : {}), message, ...(hint ? { hint } : {}) };
}

const problemOf = (p: FieldProblem): Finding => ({ severity: 'error', field: p.field, message: p.detail, ...(p.hint ? { hint: p.hint } : {}) });

/** An id no dataset has or is named after, for checking a proposal whose own id is missing or taken. */
function spareId(sources: readonly SourceFile[], datasets: readonly Listed[]): string {
  const taken = new Set([...datasets.map((d) => d.id), ...sources.map((s) => s.path.replace(/^.*\/|\.yaml$/g, ''))]);
  let n = 0;
  while (taken.has(`proposed-dataset-${n}`)) n++;
  return `proposed-dataset-${n}`;
}

/**
 * Everything wrong with a proposal, in one pass: the form itself (missing answers, unticked
 * checks, invisible characters, a heading typed twice), each answer as `npm run new` reads it,
 * then the whole pipeline on the record made of the answers that could be read. A field that
 * already has a problem gets no pipeline findings: they would be about a value that must change.
 */
export async function reviewIssue(body: string, inputs: Inputs, propose: Propose): Promise<Review> {
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  if (!vocabularies) throw new Error('data/vocabularies.yaml is invalid; run npm run check');
  const form = parseIssueBody(body);
  const findings: Finding[] = [];
  const problem = (field: string | undefined, message: string, hint?: string) =>
    findings.push({ severity: 'error', ...(field ? { field } : {}), message, ...(hint ? { hint } : {}) });
  if (!form.recognised) {
    problem(undefined, `this issue does not follow the "Add a dataset" form: none of its questions (### ${FIELDS[0]!.label} …) were found`, 'open a new issue with the form');
    return { findings };
  }

  for (const field of form.repeated) {
    problem(field, 'is answered twice: a line starting with "### " inside another answer reads as the start of a question', 'remove the extra heading, or write it without the ###');
  }
  for (const [field, answer] of form.answers) {
    const invisible = [...new Set(answer.match(INVISIBLE) ?? [])].filter((c) => c !== '\t' && c !== '\n');
    if (invisible.length > 0) {
      problem(field, `contains ${invisible.length === 1 ? 'an invisible control character' : 'invisible control characters'} (${invisible.map(codePoint).join(', ')})`, 'retype the answer; pasted text can carry characters that do not show');
    }
  }
  for (const field of FIELDS) if (field.required && !form.answers.has(field.id)) problem(field.id, 'this answer is required.');
  for (const option of CONFIRMATIONS.options) {
    if (!form.ticked.has(confirmationKey(option))) problem(CONFIRMATIONS.id, `"${option}" is not ticked`, 'tick it by editing the issue once it is true');
  }

  // Read as the pipeline reads them, so the proposal's pipeline run finds them proven already.
  const schema = schemaWithVocabularies(inputs.schema, vocabularies).schema;
  const datasets = listed(inputs.datasets, schema ? canonicalReading(formatOrder(schema), vocabularies) : {});
  const { values, problems } = answersToValues(form.answers, vocabularies);
  findings.push(...problems.map(problemOf));
  if (typeof values.family === 'string') {
    const series = resolveFamily(values.family, datasets);
    if (series.finding) findings.push(series.finding);
    if (series.family) values.family = series.family;
    else delete values.family;
  }
  const gathered = await gatherAll(values, vocabularies);
  findings.push(...gathered.problems.map(problemOf));

  // Checked under a spare id when the name gave none or one whose file exists, so the other
  // answers are still checked in this round.
  const { record } = gathered;
  const spare = spareId(inputs.datasets, datasets);
  let proposal = propose(inputs, { ...record, id: record.id ?? spare });
  const taken = record.id !== undefined && inputs.datasets.some((s) => s.path === proposal.file);
  if (taken) {
    const holder = datasets.find((d) => d.file === proposal.file);
    problem(
      'name',
      `"${String(record.name)}" would be saved as ${proposal.file}, which already holds ${holder?.names[0] ?? 'another dataset'}`,
      `if it is the same dataset, propose changes to ${proposal.file} in a pull request instead; if it is a different one, make the name specific (add the year or version)`,
    );
    proposal = propose(inputs, { ...record, id: spare });
  }
  const unread = findings.some((f) => f.severity === 'error');
  const troubled = new Set(findings.flatMap((f) => (f.severity === 'error' && f.field !== undefined ? [f.field] : [])));
  const pathOf = proposal.text === undefined ? () => [] : pathsIn(proposal.text);
  for (const d of proposal.diagnostics) {
    if (d.ruleId === 'schema/required' && unread) continue; // a field left out because its answer has a problem
    const finding = findingOf(d, pathOf);
    if (finding.field !== undefined && troubled.has(finding.field)) continue;
    findings.push(finding);
  }

  const sorted = orderFindings(findings);
  const accepted = record.id !== undefined && !taken && !hasErrors(proposal.diagnostics) && !sorted.some((f) => f.severity === 'error') && proposal.text !== undefined;
  return accepted ? { findings: sorted, file: proposal.file, text: proposal.text! } : { findings: sorted };
}

/**
 * In the form's order (findings about the whole proposal first), each said once, and one per
 * rule and answer: "not a valid URL" and "must start with https://" about one homepage are one
 * thing to fix.
 */
function orderFindings(findings: readonly Finding[]): Finding[] {
  const order = [...FIELDS.map((f) => f.id), CONFIRMATIONS.id];
  const rank = (f: Finding) => (f.field === undefined ? -1 : order.indexOf(f.field));
  const seen = new Set<string>();
  return findings
    .map((finding, i) => ({ finding, i }))
    .sort((a, b) => rank(a.finding) - rank(b.finding) || a.i - b.i)
    .map(({ finding }) => finding)
    .filter((f) => {
      const key = `${f.severity}\0${f.field}\0${f.part}\0${f.rule ?? f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
const text = (value: string): PhrasingContent => ({ type: 'text', value });

function findingList(findings: readonly Finding[]): List {
  return {
    type: 'list',
    ordered: false,
    spread: false,
    children: findings.map((f) => {
      const label: PhrasingContent[] =
        f.field === undefined ? [] : [{ type: 'strong', children: [text(labelOf(f.field))] }, text(`${f.part ? ` (${f.part})` : ''}: `)];
      return { type: 'listItem', spread: false, children: [paragraph(...label, text(`${f.message}${f.hint ? ` — ${f.hint}` : ''}`))] };
    }),
  };
}

/**
 * The comment posted on the issue: ✅ with the data file, or ❌ with every problem; warnings
 * under "⚠ Please check" either way. The tree is made inert (text-safety.ts): no control or bidi
 * character from the issue reaches the comment raw, and an `@user` or `#123` typed in the form
 * is shown as code, so the bot's comment pings nobody and cross-links nothing.
 */
export function verdict(review: Review): Root {
  const errors = review.findings.filter((f) => f.severity === 'error');
  const warnings = review.findings.filter((f) => f.severity === 'warning');
  const warningSection: RootContent[] =
    warnings.length > 0 ? [{ type: 'heading', depth: 3, children: [text('⚠ Please check')] }, findingList(warnings)] : [];
  const children: RootContent[] = [];
  if (review.file === undefined || review.text === undefined) {
    // The next step (edit the issue, relabel) is the accept-dataset workflow's to say: it knows the run.
    children.push(paragraph(text('❌ Some answers need a change before this dataset can be added:')), findingList(errors), ...warningSection);
  } else {
    // Warnings come before the file, where they are read; they do not block the proposal.
    const becomes = [text('It becomes '), { type: 'inlineCode', value: review.file } as const, text(':')];
    children.push(
      ...(warnings.length > 0
        ? [paragraph(text('✅ The proposal passes every check; the warnings below do not block it.')), ...warningSection, paragraph(...becomes)]
        : [paragraph(text('✅ The proposal passes every check. '), ...becomes)]),
      { type: 'code', lang: 'yaml', value: review.text.trimEnd() },
    );
  }
  return inertMarkdown({ type: 'root', children });
}
