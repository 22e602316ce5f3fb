/**
 * What `npm run new` asks and how answers become a data record: vocabulary terms made
 * canonical (aliases accepted), sizes and licences parsed, the id derived from the name. Pure
 * apart from the injected `ask`, so the interactive flow is testable without a terminal. The
 * issue form (`npm run from-issue`) turns its answers into values with this same code, in the
 * mode that collects every problem instead of stopping at the first.
 */
import { createRequire } from 'node:module';
import { slug } from 'github-slugger';
import { closest } from './suggest.ts';
import { suggestTerm, type Vocabularies, type Vocabulary, type VocabularyName } from './vocabulary.ts';
import { normalizeTerm } from './suggest.ts';

/** What is wrong with one field's value: `detail` says what was found and what is expected. */
export interface FieldProblem {
  /** The flag of `npm run new`, which is also the id of the issue form's field. */
  field: string;
  detail: string;
  /** How to put it right, when the detail alone does not say. */
  hint?: string;
}

/** A value the user gave is wrong: said in one line per problem, without the usage text. */
export class InputError extends Error {
  constructor(
    message: string,
    /** The problems by field, when the error is about values (not, say, an existing file). */
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** `--size "lots" should look like …`: the flag first, as `npm run new` prints it. */
export function valueError(...problems: FieldProblem[]): InputError {
  return new InputError(problems.map((p) => `--${p.field} ${p.detail}${p.hint ? ` (${p.hint})` : ''}`).join('\n'), problems);
}

export type Asker = (question: string, choices?: readonly string[]) => Promise<string>;

/** A record as gathered: the fields a wrong answer left out are missing. */
export type GatheredRecord = { id: string } & Record<string, unknown>;

export function canonicalTerm(vocabulary: Vocabulary, value: string, flag: string): string {
  const trimmed = value.trim();
  if (vocabulary.terms.has(trimmed)) return trimmed;
  const guess = suggestTerm(vocabulary, trimmed);
  if (guess && vocabulary.lookup.get(normalizeTerm(trimmed)) === guess) return guess; // an alias, not a guess
  throw valueError({
    field: flag,
    detail: `"${trimmed}" is not a known ${vocabulary.name}${guess ? `; did you mean "${guess}"?` : ''} (terms: ${[...vocabulary.terms.keys()].join(', ')})`,
  });
}

/** "about 600 patients" → examples in the writer's own figures: "600 patients", "~600 patients" … */
function sizeExamples(text: string): string {
  const figure = /(\d[\d,]*)\s+([A-Za-z]+)/.exec(text);
  const [count, unit] = figure ? [figure[1]!, figure[2]!.toLowerCase()] : ['1204', 'scans'];
  return `"${count} ${unit}", "~${count} ${unit}" or ">${count} ${unit}"`;
}

export function parseSize(text: string) {
  const match = /^\s*([~>]?)\s*([\d,]+)\s+(\w+)(?:\s+\((.+)\))?\s*$/.exec(text);
  if (!match) throw valueError({ field: 'size', detail: `"${text.trim()}" should look like ${sizeExamples(text)}` });
  const count = Number(match[2]!.replaceAll(',', ''));
  return {
    count,
    unit: match[3]!,
    ...(match[1] === '~' ? { approx: true } : {}),
    ...(match[1] === '>' ? { qualifier: '>' } : {}),
    ...(match[4] ? { note: match[4] } : {}),
  };
}

function parseModality(vocabulary: Vocabulary, text: string): string | Record<string, string[]> {
  const [term, subtypes] = text.split(/:(.*)/s);
  const canonical = canonicalTerm(vocabulary, term!, 'modality');
  const list = (subtypes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return list.length > 0 ? { [canonical]: list } : canonical;
}

export function parseYear(text: string): number {
  const trimmed = text.trim();
  if (/^\d{4}$/.test(trimmed)) return Number(trimmed);
  throw valueError({ field: 'year', detail: `"${trimmed}" is not a year; write its four digits, e.g. "${new Date().getUTCFullYear() - 1}"` });
}

// The SPDX list ships as JSON; require() loads it the same way from source and from the bundle.
let spdxIds: readonly string[] | undefined;
const SPDX_ID = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;

/**
 * A licence as typed: an id, `unknown`, or `custom: <name of the terms>`. Text that cannot be an
 * id at all ("CC BY 4.0") is refused here with the nearest SPDX id; whether an id is on the SPDX
 * list is the data/unknown-license rule's call.
 */
export function parseLicense(text: string): string | { custom: string } {
  const trimmed = text.trim();
  if (/^custom\s*:/i.test(trimmed)) return { custom: trimmed.slice(trimmed.indexOf(':') + 1).trim() };
  if (SPDX_ID.test(trimmed)) return trimmed;
  spdxIds ??= createRequire(import.meta.url)('spdx-license-ids') as string[];
  const guess = closest(trimmed, spdxIds);
  throw valueError({
    field: 'license',
    detail: `"${trimmed}" is not a licence id${guess ? `; did you mean "${guess}"?` : ''}`,
    hint: 'use an SPDX id (https://spdx.org/licenses/), "none-stated" when the official pages state none, "unknown" when not checked, or "custom: <name of the terms>"',
  });
}

/**
 * An id from a name: lower case, letters and digits in hyphen-separated runs, at most 64
 * characters; empty when the name has no Latin letters or digits. Accents are dropped and
 * anything else (slashes, dots, pipes) separates or vanishes, so a name can never lead outside
 * data/datasets/.
 */
export function slugOf(name: string): string {
  const plain = name.normalize('NFKD').replace(/\p{M}/gu, '');
  return slug(plain).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}

/** The id (and file name) a dataset's name gives. */
export function idFromName(name: string): string {
  const id = slugOf(name);
  if (id === '') throw valueError({ field: 'name', detail: `"${name.trim()}" has no letters or digits (A–Z, 0–9) to name the file after; add the dataset's short Latin-script name` });
  return id;
}

/** Each part parsed on its own, so a list with several mistakes reports all of them at once. */
function parseEach<T>(parts: readonly string[], parse: (part: string) => T): T[] {
  const problems: FieldProblem[] = [];
  const values: T[] = [];
  for (const part of parts) {
    try {
      values.push(parse(part));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw valueError(...problems);
  return values;
}

/**
 * Collects a record's fields from flags, asking on a terminal for what is missing. A wrong flag
 * value is an error; a wrong answer is explained and asked again, so a typo does not lose the
 * answers already given.
 */
export async function gather(values: Record<string, unknown>, vocabularies: Vocabularies, ask: Asker | undefined, today = todayUtc()): Promise<GatheredRecord> {
  // Without a problem list, every missing or wrong value has thrown: the record is complete.
  return (await collectRecord(values, vocabularies, ask, undefined, today)) as GatheredRecord;
}

/**
 * Never asks and never stops at the first problem: every field is parsed, every wrong or missing
 * value becomes a problem, and the record holds the fields that were right (the issue form
 * answers all in one report; the pipeline then checks what could be parsed).
 */
export async function gatherAll(values: Record<string, unknown>, vocabularies: Vocabularies, today = todayUtc()): Promise<{ record: Partial<GatheredRecord>; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const record = await collectRecord(values, vocabularies, undefined, problems, today);
  return { record, problems };
}

/** Today's date in UTC (YYYY-MM-DD): when the pages named as sources were read. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * The `sources` entries for the licence and access pages given: one per page, supporting the
 * fields it was given for that have a value (`unknown` needs no source), read `today`.
 */
export function termSources(pages: { license?: string; access?: string }, stated: { license: boolean; access: boolean }, today: string) {
  const byUrl = new Map<string, ('license' | 'access')[]>();
  for (const field of ['license', 'access'] as const) {
    const url = pages[field];
    if (url !== undefined && stated[field]) byUrl.set(url, [...(byUrl.get(url) ?? []), field]);
  }
  return [...byUrl].map(([url, supports]) => ({ url, supports, checked: today }));
}

/** With `problems`, wrong and missing values are added there and their fields left out; without, the first one throws. */
async function collectRecord(values: Record<string, unknown>, vocabularies: Vocabularies, ask: Asker | undefined, problems: FieldProblem[] | undefined, today: string): Promise<Partial<GatheredRecord>> {
  const given = (key: string): string[] | undefined => {
    const value = values[key];
    if (typeof value === 'string' && value.trim() !== '') return [value];
    if (Array.isArray(value) && value.length > 0) return value as string[];
    return undefined;
  };
  /** `parse(parts)`, or undefined with its problems noted when collecting. */
  const attempt = <T>(parse: () => T): T | undefined => {
    if (!problems) return parse();
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  /** A field's value(s) from flags, or an answer to `question` that `parse` accepts. */
  const field = async <T>(key: string, question: string, parse: (parts: string[]) => T, options: { choices?: readonly string[]; split?: RegExp } = {}): Promise<T | undefined> => {
    const fromFlags = given(key);
    if (fromFlags) return attempt(() => parse(fromFlags));
    if (problems) {
      problems.push({ field: key, detail: 'this answer is required.' });
      return undefined;
    }
    if (!ask) throw new InputError(`--${key} is required with --yes or without a terminal`, [{ field: key, detail: 'is required' }]);
    let prompt = question;
    for (;;) {
      const answer = (await ask(prompt, options.choices)).trim();
      try {
        if (answer === '') throw new InputError(`${key} is required`);
        return parse(options.split ? answer.split(options.split) : [answer]);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        prompt = `${error.message.replace(/^--/gm, '')}\n${question}`;
      }
    }
  };
  /** An optional flag's text, parsed when given. */
  const optional = <T>(key: string, parse: (text: string) => T): T | undefined => {
    const value = values[key];
    return typeof value === 'string' && value.trim() !== '' ? attempt(() => parse(value)) : undefined;
  };
  const terms = (vocabulary: VocabularyName, flag: string) => (parts: string[]) =>
    parseEach(parts.flatMap((p) => p.split(/[|,]/)).map((s) => s.trim()).filter(Boolean), (term) => canonicalTerm(vocabularies[vocabulary], term, flag));
  const text = (parts: string[]) => parts[0]!;

  // Unless --id names the file, the name must give one: checked with the name, so a terminal asks again.
  const name = await field('name', 'Dataset name (as readers know it)', (parts) => (given('id') ? parts[0]! : (idFromName(parts[0]!), parts[0]!)));
  const organs = await field('organ', 'Organs, main one first (comma-separated)', terms('organ', 'organ'), { choices: [...vocabularies.organ.terms.keys()] });
  const tasks = await field('task', 'Tasks (comma-separated)', terms('task', 'task'), { choices: [...vocabularies.task.terms.keys()] });
  const modalities = await field('modality', 'Modalities (e.g. "MRI:T1,T2; CT")', (parts) => parseEach(parts, (m) => parseModality(vocabularies.modality, m)), {
    choices: [...vocabularies.modality.terms.keys()],
    split: /;/,
  });
  const sizes = await field('size', 'Size (e.g. "1204 scans"; several separated by ;)', (parts) => parseEach(parts, parseSize), { split: /;/ });
  const labels = await field('labels', 'What is annotated', text);
  const description = await field('description', 'Description, one or two sentences in your own words', text);
  const homepage = await field('homepage', 'Homepage URL', text);
  const license = await field('license', 'Licence: SPDX id, "unknown", or "custom:<terms>"', (parts) => parseLicense(parts[0]!));
  const access = await field('access', 'Access', (parts) => canonicalTerm(vocabularies.access, parts[0]!, 'access'), { choices: [...vocabularies.access.terms.keys()] });
  const links: Record<string, string> = {};
  if (homepage !== undefined) links.homepage = homepage;
  for (const key of ['download', 'paper', 'code'] as const) if (typeof values[key] === 'string') links[key] = values[key] as string;
  const summary = optional('summary', (value) => value.trim());
  const year = optional('year', parseYear);
  const id = optional('id', (value) => value) ?? (name === undefined ? undefined : idFromName(name));
  const aliases = typeof values.aliases === 'string' ? values.aliases.split(/\s*,\s*/).filter((a) => a && a !== name) : [];
  const family = optional('family', (value) => value.trim());
  const version = optional('version', (value) => value.trim());
  if (version !== undefined && family === undefined) {
    attempt(() => {
      throw valueError({ field: 'version', detail: `"${version}" is a version within a series, but no series is given` });
    });
  }
  const notes = typeof values.sources === 'string' ? `Sources: ${values.sources}` : undefined;
  const page = (key: string) => optional(key, (value) => value.trim());
  const licensePage = page('license-source');
  const accessPage = page('access-source') ?? licensePage; // one page often states both
  const pages = { ...(licensePage === undefined ? {} : { license: licensePage }), ...(accessPage === undefined ? {} : { access: accessPage }) };
  const sources = termSources(pages, { license: license !== undefined && license !== 'unknown', access: access !== undefined && access !== 'unknown' }, today);
  const present = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    ...present('id', id),
    ...present('name', name),
    ...(aliases.length ? { aliases } : {}),
    ...present('family', family),
    ...present('version', version),
    ...present('organs', organs),
    ...present('tasks', tasks),
    ...present('modalities', modalities),
    ...present('size', sizes),
    ...present('labels', labels),
    ...present('description', description),
    ...present('summary', summary),
    links,
    ...present('year', year),
    ...present('license', license),
    ...present('access', access),
    ...(notes ? { notes } : {}),
    ...(sources.length ? { sources } : {}),
  };
}
