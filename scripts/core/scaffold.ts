/**
 * What `npm run new` asks and how answers become a data record: vocabulary terms made
 * canonical (aliases accepted), sizes parsed, the id derived from the name. Pure apart from the
 * injected `ask`, so the interactive flow is testable without a terminal.
 */
import { slug } from 'github-slugger';
import { suggestTerm, type Vocabularies, type Vocabulary, type VocabularyName } from './vocabulary.ts';
import { normalizeTerm } from './suggest.ts';

/** A value the user gave is wrong: said in one line, without the usage text. */
export class InputError extends Error {}

export type Asker = (question: string, choices?: readonly string[]) => Promise<string>;

export function canonicalTerm(vocabulary: Vocabulary, value: string, flag: string): string {
  const trimmed = value.trim();
  if (vocabulary.terms.has(trimmed)) return trimmed;
  const guess = suggestTerm(vocabulary, trimmed);
  if (guess && vocabulary.lookup.get(normalizeTerm(trimmed)) === guess) return guess; // an alias, not a guess
  throw new InputError(
    `--${flag} "${trimmed}" is not a known ${vocabulary.name}${guess ? `; did you mean "${guess}"?` : ''} (terms: ${[...vocabulary.terms.keys()].join(', ')})`,
  );
}

export function parseSize(text: string) {
  const match = /^\s*([~>]?)\s*([\d,]+)\s+(\w+)(?:\s+\((.+)\))?\s*$/.exec(text);
  if (!match) throw new InputError(`--size "${text}" should look like "1204 scans", "~600 subjects" or ">1550 subjects"`);
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

/**
 * Collects a record's fields from flags, asking on a terminal for what is missing. A wrong flag
 * value is an error; a wrong answer is explained and asked again, so a typo does not lose the
 * answers already given.
 */
export async function gather(values: Record<string, unknown>, vocabularies: Vocabularies, ask: Asker | undefined) {
  const given = (key: string): string[] | undefined => {
    const value = values[key];
    if (typeof value === 'string' && value.trim() !== '') return [value];
    if (Array.isArray(value) && value.length > 0) return value as string[];
    return undefined;
  };
  /** A field's value(s) from flags, or an answer to `question` that `parse` accepts. */
  const field = async <T>(key: string, question: string, parse: (parts: string[]) => T, options: { choices?: readonly string[]; split?: RegExp } = {}): Promise<T> => {
    const fromFlags = given(key);
    if (fromFlags) return parse(fromFlags);
    if (!ask) throw new InputError(`--${key} is required with --yes or without a terminal`);
    let prompt = question;
    for (;;) {
      const answer = (await ask(prompt, options.choices)).trim();
      try {
        if (answer === '') throw new InputError(`${key} is required`);
        return parse(options.split ? answer.split(options.split) : [answer]);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        prompt = `${error.message.replace(/^--/, '')}\n${question}`;
      }
    }
  };
  const terms = (vocabulary: VocabularyName, flag: string) => (parts: string[]) =>
    parts.flatMap((p) => p.split(/[|,]/)).map((s) => s.trim()).filter(Boolean).map((term) => canonicalTerm(vocabularies[vocabulary], term, flag));
  const text = (parts: string[]) => parts[0]!;

  const name = await field('name', 'Dataset name (as readers know it)', text);
  const organs = await field('organ', 'Organs, main one first (comma-separated)', terms('organ', 'organ'), { choices: [...vocabularies.organ.terms.keys()] });
  const tasks = await field('task', 'Tasks (comma-separated)', terms('task', 'task'), { choices: [...vocabularies.task.terms.keys()] });
  const modalities = await field('modality', 'Modalities (e.g. "MRI:T1,T2; CT")', (parts) => parts.map((m) => parseModality(vocabularies.modality, m)), {
    choices: [...vocabularies.modality.terms.keys()],
    split: /;/,
  });
  const sizes = await field('size', 'Size (e.g. "1204 scans"; several separated by ;)', (parts) => parts.map(parseSize), { split: /;/ });
  const labels = await field('labels', 'What is annotated', text);
  const description = await field('description', 'Description, one or two sentences in your own words', text);
  const homepage = await field('homepage', 'Homepage URL', text);
  const licenseText = await field('license', 'Licence: SPDX id, "unknown", or "custom:<terms>"', text);
  const access = await field('access', 'Access', (parts) => canonicalTerm(vocabularies.access, parts[0]!, 'access'), { choices: [...vocabularies.access.terms.keys()] });
  const license = licenseText.startsWith('custom:') ? { custom: licenseText.slice('custom:'.length).trim() } : licenseText.trim();
  const links: Record<string, string> = { homepage };
  for (const key of ['download', 'paper', 'code'] as const) if (typeof values[key] === 'string') links[key] = values[key] as string;
  const year = typeof values.year === 'string' ? Number(values.year) : undefined;
  if (year !== undefined && !Number.isInteger(year)) throw new InputError(`--year must be a year, not "${String(values.year)}"`);
  const id = typeof values.id === 'string' ? values.id : slug(name);
  const aliases = typeof values.aliases === 'string' ? values.aliases.split(/\s*,\s*/).filter((a) => a && a !== name) : [];
  const notes = typeof values.sources === 'string' ? `Sources: ${values.sources}` : undefined;
  return { id, name, ...(aliases.length ? { aliases } : {}), organs, tasks, modalities, size: sizes, labels, description, links, ...(year !== undefined ? { year } : {}), license, access, ...(notes ? { notes } : {}) };
}

