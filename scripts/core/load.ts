/**
 * Parses YAML text into a document that remembers where every node came from, so later stages
 * can point at the exact line and column of a value.
 */
import jsYaml from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, visit, parseDocument, type Document, type Node, type Pair, type YAMLError } from 'yaml';
import { decodeSource, type SourceFile } from './source.ts';
import { diagnostic, type Diagnostic, type Position } from './diagnostic.ts';

export interface LoadedYaml {
  file: string;
  text: string;
  /** The plain JavaScript value. */
  value: unknown;
  /** The document with source positions; parsed on first use when the quick path was taken. */
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** True when the text is known to be in canonical form (the quick path proved it on the way). */
  readonly canonical?: boolean;
}

export type Loaded = { loaded: LoadedYaml; diagnostics: Diagnostic[] } | { loaded: undefined; diagnostics: Diagnostic[] };

/** The canonical text of a value and the value that text holds (format.ts's canonicalForm, with the schema's orders). */
export type CanonicalForm = (value: unknown) => { text: string; value: unknown } | undefined;

export interface LoadOptions {
  /** Lets files in canonical form take the quick path; without it every file is read by yaml alone. */
  canonicalForm?: CanonicalForm;
  /**
   * Texts this process has already proven canonical under the same canonicalForm, with their
   * values (see provenTexts). Without it every text is proven again.
   */
  proven?: ProvenTexts;
}

/** Canonical texts and the values they hold, for one canonical form (one formatSignature). */
export type ProvenTexts = Map<string, unknown>;

/**
 * How many proven texts a process keeps per canonical form: the catalog many times over. A
 * process that reads more (a 10,000-entry benchmark reads each file once) starts again empty.
 */
const PROVEN_LIMIT = 20_000;
const provenBySignature = new Map<string, ProvenTexts>();

/**
 * The proven texts of one canonical form, kept for the life of the process. A command reads the
 * catalog more than once (the issue review reads the listed datasets, then the pipeline reads
 * them with the proposal; the pull-request report reads two trees that share most files), and
 * the tests run hundreds of commands in one process. The proof depends only on the text and the
 * canonical form, so it is reused; the values are frozen, so no reader can change what the next
 * one gets.
 */
export function provenTexts(signature: string): ProvenTexts {
  let proven = provenBySignature.get(signature);
  if (!proven || proven.size > PROVEN_LIMIT) provenBySignature.set(signature, (proven = new Map()));
  return proven;
}

/** Frozen to the leaves: a value shared between readers cannot be changed by one of them. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** Aliases can expand exponentially ("billion laughs"); real data files never need them. */
const MAX_ALIAS_COUNT = 50;

/**
 * One parser decides: eemeli/yaml, which gives every node its source range and precise error
 * codes. It costs ~0.2 ms per file, js-yaml a tenth of that, so js-yaml may *propose* a value — but a
 * file takes that quick path only when its text is, byte for byte, the canonical text yaml itself
 * writes for the proposal (format.ts), and the value kept is the one yaml's writer holds. yaml
 * reads its own output back as the value written — for every value without a line break, which
 * is all a data file needs (test/load.test.ts checks that, and that both paths agree, on
 * generated values and every spelling of a scalar) — so the quick path gives
 * yaml's verdict by construction, never js-yaml's: `year: +0x7E1`, which js-yaml reads as 2017,
 * is not what yaml writes for 2017, so the file is read by yaml (a string: a schema error), with
 * or without an anchor elsewhere. Files in canonical form — every file `npm run fix` wrote —
 * are most of the catalog, and proving it here is the canonical-form check the format rule
 * would otherwise make (LoadedYaml.canonical).
 */
export function loadYaml(source: SourceFile, options: LoadOptions = {}): Loaded {
  const decoded = decodeSource(source);
  if (decoded.text === undefined) return { loaded: undefined, diagnostics: decoded.diagnostics };
  const { text } = decoded;
  if (options.proven?.has(text)) return { loaded: lazilyPositioned(source.path, text, options.proven.get(text), { canonical: true }), diagnostics: [] };
  const quick = options.canonicalForm && readCanonicalQuickly(text, options.canonicalForm);
  if (quick) {
    options.proven?.set(text, deepFreeze(quick.value));
    return { loaded: lazilyPositioned(source.path, text, quick.value, { canonical: true }), diagnostics: [] };
  }
  return loadPositioned(source.path, text);
}

/** Anchors and aliases: js-yaml expands them without a cap, and canonical text has none. */
const ANCHOR_OR_ALIAS = /(^|[\s[{,])[&*][^\s,\]}]/m;

function readCanonicalQuickly(text: string, canonicalForm: CanonicalForm): { value: unknown } | undefined {
  if (ANCHOR_OR_ALIAS.test(text)) return undefined;
  try {
    const proposal: unknown = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
    if (holdsLineBreak(proposal)) return undefined;
    const form = canonicalForm(proposal);
    return form?.text === text ? { value: form.value } : undefined;
  } catch {
    return undefined; // js-yaml refused it (or nested too deep): yaml reads it and says why
  }
}

/**
 * yaml's writer does not read back every text with a line break as written (a line of spaces in
 * a block scalar, a multi-line plain scalar in a flow list: test/load.test.ts found both). No
 * data file needs one — prose is folded into one line — so such a value is left to yaml.
 */
function holdsLineBreak(value: unknown): boolean {
  if (typeof value === 'string') return /[\n\r]/.test(value);
  if (Array.isArray(value)) return value.some(holdsLineBreak);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, item]) => /[\n\r]/.test(key) || holdsLineBreak(item));
  return false;
}

function parsePositioned(text: string): { doc: Document.Parsed; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  return { doc, lineCounter };
}

/** A loaded file whose positions are parsed only if something asks where a node is. */
export function lazilyPositioned(file: string, text: string, value: unknown, known: { canonical?: boolean } = {}): LoadedYaml {
  let parsed: ReturnType<typeof parsePositioned> | undefined;
  const positioned = () => (parsed ??= parsePositioned(text));
  return {
    file,
    text,
    value,
    ...known,
    get doc() {
      return positioned().doc;
    },
    get lineCounter() {
      return positioned().lineCounter;
    },
  };
}

function loadPositioned(file: string, text: string): Loaded {
  const { doc, lineCounter } = parsePositioned(text);
  const diagnostics = [...doc.errors, ...doc.warnings].map((error) => yamlProblem(file, error, lineCounter));
  if (doc.errors.length > 0) return { loaded: undefined, diagnostics };
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { loaded: { file, text, value, doc, lineCounter }, diagnostics };
  } catch (error) {
    // toJS throws only for alias abuse (excessive or unresolved aliases): bad input, not a bug.
    diagnostics.push(
      diagnostic('yaml/syntax', {
        file,
        at: firstAlias(doc, lineCounter),
        message: `YAML aliases cannot be resolved: ${(error as Error).message}`,
        hint: 'write values out in full instead of using anchors (&) and aliases (*)',
      }),
    );
    return { loaded: undefined, diagnostics };
  }
}

function firstAlias(doc: Document.Parsed, lineCounter: LineCounter): Position {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return toPosition(lineCounter, offset);
}

function yamlProblem(file: string, error: YAMLError, lineCounter: LineCounter): Diagnostic {
  const [start, end] = error.pos;
  const at: Position = { ...toPosition(lineCounter, start) };
  if (end > start) {
    const endPos = toPosition(lineCounter, end);
    at.endLine = endPos.line;
    at.endColumn = endPos.column;
  }
  const firstLine =
    error.code === 'MULTIPLE_DOCS'
      ? 'the file holds more than one YAML document'
      : /Maximum call stack/.test(error.message)
        ? 'the file nests lists or mappings too deeply to read'
        : (error.message.split('\n')[0] ?? error.message);
  if (error.code === 'DUPLICATE_KEY') {
    return diagnostic('yaml/duplicate-key', {
      file,
      at,
      message: firstLine,
      hint: 'each property may appear once; merge the two entries',
    });
  }
  return diagnostic('yaml/syntax', {
    file,
    at,
    message: firstLine,
    hint: yamlHint(error.code),
  });
}

function yamlHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: list items and properties of one mapping line up';
    case 'MULTIPLE_DOCS':
      return 'one dataset per file: remove the `---` separator and move the second entry to its own file';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a value containing ": " must be quoted';
    default:
      return 'quote text that contains ": ", " #", or starts with a special character ([ ] { } & * ! | > % @ `)';
  }
}

export function toPosition(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Finds the node at a JSON-pointer-like path and returns its position. When the path does not
 * exist (a missing property), the deepest existing ancestor is used: that is where the user
 * must add the value. With `key`, points at the key of the last map entry instead of its value.
 */
export function locate(loaded: LoadedYaml, path: readonly (string | number)[], options: { key?: boolean } = {}): Position {
  let node: Node | null | undefined = loaded.doc.contents;
  let keyNode: Node | undefined;
  let found: Node | undefined = node ?? undefined;
  for (const segment of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair: Pair | undefined = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = isScalar(pair.key) ? pair.key : undefined;
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | undefined;
      if (!node) break;
    } else {
      break;
    }
    found = node ?? found;
  }
  const target = options.key && keyNode ? keyNode : found;
  return rangeOf(loaded, target);
}

function rangeOf(loaded: LoadedYaml, node: Node | undefined): Position {
  if (!node?.range) return { line: 1, column: 1 };
  const [start, valueEnd] = node.range;
  const from = toPosition(loaded.lineCounter, start);
  const to = toPosition(loaded.lineCounter, Math.max(start, valueEnd));
  return { ...from, endLine: to.line, endColumn: to.column };
}
