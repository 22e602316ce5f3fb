/**
 * Controlled vocabularies (data/vocabularies.yaml): canonical terms with display labels and the
 * aliases people type instead, so a mistake can be answered with the canonical term.
 */
import { closest, normalizeTerm } from './suggest.ts';

export const VOCABULARY_NAMES = ['organ', 'task', 'modality', 'access'] as const;
export type VocabularyName = (typeof VOCABULARY_NAMES)[number];

export interface Term {
  key: string;
  label: string;
  aliases: readonly string[];
  /** A symbol that stands for the term in compact README rows (the access tiers' 🟢 🟡 🟠 🔴 ❔). */
  marker?: string;
}

export interface Vocabulary {
  name: VocabularyName;
  terms: ReadonlyMap<string, Term>;
  /** Normalised key, label or alias → canonical key. */
  lookup: ReadonlyMap<string, string>;
}

export type Vocabularies = Record<VocabularyName, Vocabulary>;

/** The shape of data/vocabularies.yaml after it passed its schema. */
export type VocabularyFile = Record<VocabularyName, Record<string, { label: string; aliases?: string[]; marker?: string }>>;

export interface AliasClash {
  vocabulary: VocabularyName;
  alias: string;
  terms: [string, string];
}

export function buildVocabularies(file: VocabularyFile): { vocabularies: Vocabularies; clashes: AliasClash[] } {
  const clashes: AliasClash[] = [];
  const build = (name: VocabularyName): Vocabulary => {
    const terms = new Map<string, Term>();
    const lookup = new Map<string, string>();
    for (const [key, entry] of Object.entries(file[name])) {
      terms.set(key, { key, label: entry.label, aliases: entry.aliases ?? [], ...(entry.marker !== undefined ? { marker: entry.marker } : {}) });
      for (const spelling of [key, entry.label, ...(entry.aliases ?? [])]) {
        const normal = normalizeTerm(spelling);
        const owner = lookup.get(normal);
        if (owner !== undefined && owner !== key) {
          clashes.push({ vocabulary: name, alias: spelling, terms: [owner, key] });
        } else {
          lookup.set(normal, key);
        }
      }
    }
    return { name, terms, lookup };
  };
  const vocabularies = Object.fromEntries(VOCABULARY_NAMES.map((name) => [name, build(name)])) as Vocabularies;
  return { vocabularies, clashes };
}

/**
 * The canonical term a mistaken value most likely meant: an exact alias first
 * (`MR` → `MRI`, `thorax` → `chest`), then the nearest spelling within typo distance.
 */
export function suggestTerm(vocabulary: Vocabulary, value: string): string | undefined {
  const exact = vocabulary.lookup.get(normalizeTerm(value));
  if (exact !== undefined) return exact;
  const spellings = [...vocabulary.lookup.keys()];
  const near = closest(value, spellings);
  return near === undefined ? undefined : vocabulary.lookup.get(near);
}

export function labelOf(vocabulary: Vocabulary, key: string): string {
  return vocabulary.terms.get(key)?.label ?? key;
}
