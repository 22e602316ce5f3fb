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

export async function gather(values: Record<string, unknown>, vocabularies: Vocabularies, ask: Asker | undefined) {
  const need = async (key: string, question: string, choices?: readonly string[]): Promise<string> => {
    const given = values[key];
    if (typeof given === 'string' && given.trim() !== '') return given;
    if (Array.isArray(given) && given.length > 0) return given.join('|');
    if (!ask) throw new InputError(`--${key} is required with --yes or without a terminal`);
    const answer = (await ask(question, choices)).trim();
    if (answer === '') throw new InputError(`${key} is required`);
    return answer;
  };
  const many = async (key: string, vocab: VocabularyName, question: string) =>
    (Array.isArray(values[key]) && (values[key] as string[]).length > 0
      ? (values[key] as string[])
      : (await need(key, `${question} (comma-separated)`, [...vocabularies[vocab].terms.keys()])).split(/[|,]/)
    ).map((s) => s.trim()).filter(Boolean);

  const name = await need('name', 'Dataset name (as readers know it)');
  const organs = (await many('organ', 'organ', 'Organs, main one first')).map((o) => canonicalTerm(vocabularies.organ, o, 'organ'));
  const tasks = (await many('task', 'task', 'Tasks')).map((t) => canonicalTerm(vocabularies.task, t, 'task'));
  const modalitiesRaw = Array.isArray(values.modality) && (values.modality as string[]).length > 0
    ? (values.modality as string[])
    : (await need('modality', 'Modalities (e.g. "MRI:T1,T2; CT")', [...vocabularies.modality.terms.keys()])).split(';');
  const modalities = modalitiesRaw.map((m) => parseModality(vocabularies.modality, m));
  const sizes = (Array.isArray(values.size) && (values.size as string[]).length > 0 ? (values.size as string[]) : (await need('size', 'Size (e.g. "1204 scans"; several separated by ;)')).split(';')).map(parseSize);
  const labels = await need('labels', 'What is annotated');
  const description = await need('description', 'Description, one or two sentences in your own words');
  const homepage = await need('homepage', 'Homepage URL');
  const licenseText = await need('license', 'Licence: SPDX id, "unknown", or "custom:<terms>"');
  const access = canonicalTerm(vocabularies.access, await need('access', 'Access', [...vocabularies.access.terms.keys()]), 'access');
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

