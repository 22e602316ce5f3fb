/**
 * The project's own configuration: vocabularies, README sections and the dataset schema.
 * Each is validated like a data file, so a mistake in them is reported at its line too.
 */
import { diagnostic, START, type Diagnostic } from './diagnostic.ts';
import { readConfigFile } from './config-file.ts';
import { locate } from './load.ts';
import type { SourceFile } from './source.ts';
import { suggestTerm, buildVocabularies, VOCABULARY_NAMES, type Vocabularies, type VocabularyFile } from './vocabulary.ts';

const termMap = {
  type: 'object',
  minProperties: 1,
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['label'],
    properties: {
      label: { type: 'string', minLength: 1, maxLength: 40 },
      aliases: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
      marker: { type: 'string', minLength: 1, maxLength: 8 },
    },
  },
};

const vocabularySchema = {
  type: 'object',
  additionalProperties: false,
  required: [...VOCABULARY_NAMES],
  properties: Object.fromEntries(VOCABULARY_NAMES.map((name) => [name, termMap])),
};

const sectionShape = {
  id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
  title: { type: 'string', minLength: 1, maxLength: 40 },
  emoji: { type: 'string', minLength: 1, maxLength: 16 },
};

const sectionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sections'],
  properties: {
    sections: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'emoji', 'organs'],
        properties: { ...sectionShape, organs: { type: 'array', minItems: 1, items: { type: 'string' } } },
      },
    },
    other: { type: 'object', additionalProperties: false, required: ['id', 'title', 'emoji'], properties: sectionShape },
  },
};

export function loadVocabularies(source: SourceFile): { vocabularies?: Vocabularies; diagnostics: Diagnostic[] } {
  const { loaded, value, diagnostics } = readConfigFile<VocabularyFile>(source, vocabularySchema);
  if (!loaded || !value) return { diagnostics };
  const { vocabularies, clashes } = buildVocabularies(value);
  for (const clash of clashes) {
    diagnostics.push(
      diagnostic('config/duplicate-alias', {
        file: source.path,
        at: locate(loaded, [clash.vocabulary, clash.terms[1]], { key: true }),
        message: `${clash.vocabulary} spelling "${clash.alias}" belongs to both "${clash.terms[0]}" and "${clash.terms[1]}"`,
        hint: 'an alias must lead to one term; remove it from one of them',
      }),
    );
  }
  return { vocabularies, diagnostics };
}

export interface Section {
  id: string;
  title: string;
  emoji: string;
  organs: readonly string[];
  /** The catch-all section for organs no other section lists. */
  catchAll: boolean;
}

export interface SectionPlan {
  sections: readonly Section[];
  /** The section a dataset belongs to, decided by its first organ. */
  sectionOf(organ: string): Section | undefined;
}

export function loadSections(
  source: SourceFile,
  vocabularies: Vocabularies,
): { plan?: SectionPlan; diagnostics: Diagnostic[] } {
  const { loaded, value: raw, diagnostics } = readConfigFile<{
    sections: { id: string; title: string; emoji: string; organs: string[] }[];
    other?: { id: string; title: string; emoji: string };
  }>(source, sectionsSchema);
  if (!loaded || !raw) return { diagnostics };
  const owner = new Map<string, Section>();
  const sections: Section[] = raw.sections.map((s) => ({ ...s, catchAll: false }));
  sections.forEach((section, i) => {
    section.organs.forEach((organ, j) => {
      const at = locate(loaded, ['sections', i, 'organs', j]);
      if (!vocabularies.organ.terms.has(organ)) {
        const guess = suggestTerm(vocabularies.organ, organ);
        diagnostics.push(
          diagnostic('config/unknown-organ', {
            file: source.path,
            at,
            message: `organ "${organ}" is not in data/vocabularies.yaml${guess ? `; did you mean "${guess}"?` : ''}`,
          }),
        );
      } else if (owner.has(organ)) {
        diagnostics.push(
          diagnostic('config/duplicate-organ', {
            file: source.path,
            at,
            message: `organ "${organ}" is already listed by section "${owner.get(organ)!.id}"`,
            hint: 'a dataset must have exactly one home section; keep the organ in one section',
          }),
        );
      } else {
        owner.set(organ, section);
      }
    });
  });
  const other: Section | undefined = raw.other ? { ...raw.other, organs: [], catchAll: true } : undefined;
  if (other) sections.push(other);
  return { plan: { sections, sectionOf: (organ) => owner.get(organ) ?? other }, diagnostics };
}

/**
 * The dataset schema with its vocabulary enums filled from data/vocabularies.yaml. The file on
 * disk must equal this (npm run build writes it), so editors and ajv read the same lists.
 */
export function schemaWithVocabularies(
  source: SourceFile,
  vocabularies: Vocabularies,
): { schema?: Record<string, unknown>; text?: string; diagnostics: Diagnostic[] } {
  let schema: { $defs?: Record<string, { enum?: unknown[] }> };
  try {
    schema = JSON.parse(new TextDecoder().decode(source.bytes));
  } catch (error) {
    return {
      diagnostics: [
        diagnostic('config/invalid', {
          file: source.path,
          at: START,
          message: `the schema is not valid JSON: ${(error as Error).message}`,
        }),
      ],
    };
  }
  for (const name of VOCABULARY_NAMES) {
    const def = schema.$defs?.[name];
    if (!def) {
      return {
        diagnostics: [
          diagnostic('config/invalid', { file: source.path, at: START, message: `the schema lacks $defs.${name}` }),
        ],
      };
    }
    def.enum = [...vocabularies[name].terms.keys()];
  }
  return { schema, text: `${JSON.stringify(schema, null, 2)}\n`, diagnostics: [] };
}
