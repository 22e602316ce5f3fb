/**
 * JSON Schema validation (ajv, strict, all errors) with every error turned into a located,
 * human diagnostic: the offending YAML node, what was found, what was expected, a hint.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { diagnostic, type Diagnostic } from './diagnostic.ts';
import { locate, type LoadedYaml } from './load.ts';
import type { RuleId } from './rules/registry.ts';
import { closest } from './suggest.ts';
import { suggestTerm, VOCABULARY_NAMES, type Vocabularies, type VocabularyName } from './vocabulary.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv2020, formats: string[]) => unknown;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

let shared: Ajv2020 | undefined;

/**
 * One ajv instance for every schema. `validateSchema: false` skips compiling the 2020-12
 * meta-schema on each run (a third of a cold `npm run check`); strict mode still rejects unknown
 * keywords, and a test validates data/dataset.schema.json against the meta-schema.
 */
export function createAjv(options: { validateSchema: boolean }): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true, ...options });
  addFormats(ajv, ['uri', 'date']);
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles once per distinct schema (ajv refuses a second schema with the same $id). */
export function compileSchema(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    shared ??= createAjv({ validateSchema: false });
    const id = (schema as { $id?: string }).$id;
    if (id !== undefined) shared.removeSchema(id);
    validate = shared.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

type Path = (string | number)[];

interface Located {
  error: ErrorObject;
  path: Path;
  /** The error is about a mapping key (unknown or misspelled property name), not a value. */
  isKey: boolean;
}

export function schemaDiagnostics(
  loaded: LoadedYaml,
  validate: ValidateFunction,
  vocabularies?: Vocabularies,
): Diagnostic[] {
  if (validate(loaded.value)) return [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const item of locateErrors(validate.errors ?? [], loaded.value)) {
    const d = describe(loaded, item, vocabularies);
    const key = `${d.line}:${d.column}:${d.ruleId}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }
  return diagnostics;
}

/** Decodes ajv's instancePath (RFC 6901: `~1` → `/`, `~0` → `~`, in that order, every time). */
export function decodePointer(pointer: string, value: unknown): Path {
  if (pointer === '') return [];
  const path: Path = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const step: string | number = Array.isArray(current) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(step);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[String(step)] : undefined;
  }
  return path;
}

/**
 * Drops ajv's bookkeeping errors (`if`, the `propertyNames` wrapper) and re-aims errors about
 * property names at the offending key.
 */
function locateErrors(errors: readonly ErrorObject[], root: unknown): Located[] {
  const keyErrors = errors.filter((e) => e.keyword === 'propertyNames');
  const located: Located[] = [];
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    const path = decodePointer(error.instancePath, root);
    const wrapper = keyErrors.find(
      (k) => k.instancePath === error.instancePath && error.schemaPath.startsWith(`${k.schemaPath}/`),
    );
    if (wrapper) {
      const name = String((wrapper.params as { propertyName: string }).propertyName);
      located.push({ error: { ...error, data: name }, path: [...path, name], isKey: true });
    } else {
      located.push({ error, path, isKey: false });
    }
  }
  return located;
}

function describe(loaded: LoadedYaml, { error, path, isKey }: Located, vocabularies?: Vocabularies): Diagnostic {
  const file = loaded.file;
  const where = pathLabel(path);
  const emit = (ruleId: RuleId, message: string, hint?: string, at = locate(loaded, path, { key: isKey })) =>
    diagnostic(ruleId, { file, at, message, ...(hint ? { hint } : {}) });
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const properties = (parentSchema.properties ?? {}) as Record<string, { description?: string }>;
      const description = properties[missing]?.description;
      return emit(
        'schema/required',
        `missing required property "${missing}"${path.length ? ` in ${where}` : ''}`,
        description ? `add \`${missing}:\` — ${description}` : `add \`${missing}:\``,
      );
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((parentSchema.properties ?? {}) as object);
      const guess = closest(extra, allowed);
      return emit(
        'schema/unknown-property',
        `unknown property "${extra}"${path.length ? ` in ${where}` : ''}${guess ? `; did you mean "${guess}"?` : ''}`,
        `allowed properties: ${allowed.join(', ')}`,
        locate(loaded, [...path, extra], { key: true }),
      );
    }
    case 'type': {
      const expected = typeWords(params.type);
      return emit(
        'schema/type',
        `${where || 'the file'} must be ${expected}, not ${describeValue(error.data)}`,
        typeHint(params.type),
      );
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const vocabulary = vocabularyOf(error.schemaPath);
      const value = String(error.data);
      const guess =
        vocabulary && vocabularies ? suggestTerm(vocabularies[vocabulary], value) : closest(value, allowed);
      const subject = isKey ? `${vocabulary ?? 'key'} "${value}"` : `${vocabulary ?? where} "${value}"`;
      return emit(
        'schema/enum',
        `${subject} is not known; expected one of ${listPreview(allowed)}${guess ? `; did you mean "${guess}"?` : ''}`,
        vocabulary
          ? `the terms and their aliases are in data/vocabularies.yaml; propose a new term there if none fits`
          : path.includes('supports')
            ? `name the fields of this file that the page states, spelt as the file spells them: ${allowed.join(', ')}`
            : undefined,
      );
    }
    case 'const':
      return emit('schema/invalid', `${where} must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(error.data)}`);
    case 'format':
    case 'pattern':
      return emit('schema/format', formatMessage(where, path, error), formatHint(path));
    case 'minLength':
    case 'maxLength': {
      const limit = Number(params.limit);
      const length = typeof error.data === 'string' ? [...error.data].length : 0;
      return emit(
        'schema/length',
        `${where} is too ${error.keyword === 'minLength' ? 'short' : 'long'} (${length} characters; ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${limit})`,
        error.keyword === 'maxLength' ? maxLengthHint(path, limit) : undefined,
      );
    }
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties': {
      if (error.keyword.endsWith('Properties')) {
        return emit(
          'schema/invalid',
          `${where} must name exactly one modality with its sub-types`,
          'write one modality per list item, e.g. `- MRI: [T1, T2, FLAIR]` or `- CT`',
        );
      }
      const limit = Number(params.limit);
      return emit(
        'schema/length',
        `${where} needs ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`,
      );
    }
    case 'minimum':
    case 'maximum':
      return emit(
        'schema/range',
        `${where} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}, not ${describeValue(error.data)}`,
      );
    case 'uniqueItems': {
      const j = Number(params.j);
      const i = Number(params.i);
      const repeated = Array.isArray(error.data) ? error.data[i] : undefined;
      return emit(
        'schema/unique',
        `${where} lists ${JSON.stringify(repeated)} twice`,
        'remove the repeated item',
        locate(loaded, [...path, Math.min(i, j)]),
      );
    }
    case 'dependentRequired':
      return emit(
        'schema/required',
        `"${String(params.property)}" needs "${String(params.missingProperty)}" as well`,
        'a version belongs to a family: add `family:` with the id shared by all versions',
      );
    default:
      return emit('schema/invalid', `${where || 'the file'}: ${error.message ?? 'is invalid'}`);
  }
}

function vocabularyOf(schemaPath: string): VocabularyName | undefined {
  const match = /#\/\$defs\/([a-z]+)\//.exec(schemaPath);
  const name = match?.[1];
  return VOCABULARY_NAMES.find((v) => v === name);
}

/** `links.homepage`, `size[0].count` — the path as a reader would type it. */
export function pathLabel(path: Path): string {
  return path.reduce<string>(
    (label, segment) => (typeof segment === 'number' ? `${label}[${segment}]` : label ? `${label}.${segment}` : segment),
    '',
  );
}

function listPreview(values: readonly string[], max = 12): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, … (${values.length} in all)` : shown;
}

function typeWords(type: unknown): string {
  const words: Record<string, string> = {
    array: 'a list',
    object: 'a mapping (key: value lines)',
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => words[String(t)] ?? String(t)).join(' or ');
}

function typeHint(type: unknown): string | undefined {
  if (type === 'array') return 'write each item on its own line starting with "- ", or as [a, b]';
  if (type === 'integer') return 'write digits only, without separators: 1204, not "1,204"';
  if (type === 'string') return 'quote the value if YAML reads it as a number, date or true/false';
  return undefined;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

function formatMessage(where: string, path: Path, error: ErrorObject): string {
  const value = describeValue(error.data);
  const last = path[path.length - 1];
  if (last === 'id') return `id ${value} is not kebab-case (lower-case letters, digits and single hyphens)`;
  if (last === 'license') return `license ${value} is not an SPDX identifier`;
  if (last === 'last_verified' || last === 'checked') return `${where} ${value} is not a date (YYYY-MM-DD)`;
  if (error.keyword === 'format') return `${where} ${value} is not a valid URL`;
  return `${where} ${value} must start with https:// or http://`;
}

function maxLengthHint(path: Path, limit: number): string {
  // A source's note is not shown in a README cell: it says where on the page the fact stands.
  if (path[0] === 'sources' && path[path.length - 1] === 'note')
    return `say in your own words, in at most ${limit} characters, where on the page the fact stands, e.g. "Rules page, section Data use"`;
  return 'keep README cells short: move detail to the dataset homepage or to `notes`';
}

function formatHint(path: Path): string {
  const last = path[path.length - 1];
  if (last === 'id') return 'name the file after the dataset, e.g. brats-2021.yaml with `id: brats-2021`';
  if (last === 'license')
    return 'use an SPDX id (CC-BY-4.0), `none-stated` (read, none stated), `unknown` (not checked), or a mapping `custom: <name of the terms>` for a data-use agreement';
  return 'write the full address, e.g. https://example.org/dataset';
}
