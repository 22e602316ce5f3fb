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
  /** The document with source positions; parsed on first use when the fast path was taken. */
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export type Loaded = { loaded: LoadedYaml; diagnostics: Diagnostic[] } | { loaded: undefined; diagnostics: Diagnostic[] };

/** Aliases can expand exponentially ("billion laughs"); real data files never need them. */
const MAX_ALIAS_COUNT = 50;

/**
 * Two parsers, one authority. eemeli/yaml gives every node its source range and precise error
 * codes, but costs ~0.4 ms per file; js-yaml builds the plain value ~8x faster and has no
 * positions. Most files are valid and never need a position, so js-yaml (YAML 1.2 core schema,
 * like yaml) reads them first and the positioned document is parsed only when something asks
 * where a node is. Anything js-yaml rejects, and the few spellings on which the two libraries
 * read a scalar differently, take the positioned path, which decides.
 */
export function loadYaml(source: SourceFile): Loaded {
  const decoded = decodeSource(source);
  if (decoded.text === undefined) return { loaded: undefined, diagnostics: decoded.diagnostics };
  const { text } = decoded;
  const fast = readValueFast(text);
  if (fast.ok) return { loaded: lazilyPositioned(source.path, text, fast.value), diagnostics: [] };
  return loadPositioned(source.path, text);
}

/** Anchors and aliases (resolved by the positioned path, which caps their expansion), and scalars the parsers read differently. */
const NEEDS_POSITIONED_PATH = /(^|[\s[{,])[&*][^\s,\]}]|\b0b[01]|[+-]\.\d/m;

function readValueFast(text: string): { ok: true; value: unknown } | { ok: false } {
  if (NEEDS_POSITIONED_PATH.test(text)) return { ok: false };
  try {
    return { ok: true, value: jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) };
  } catch {
    return { ok: false };
  }
}

function parsePositioned(text: string): { doc: Document.Parsed; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  return { doc, lineCounter };
}

/** A loaded file whose positions are parsed only if something asks where a node is. */
export function lazilyPositioned(file: string, text: string, value: unknown): LoadedYaml {
  let parsed: ReturnType<typeof parsePositioned> | undefined;
  const positioned = () => (parsed ??= parsePositioned(text));
  return {
    file,
    text,
    value,
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
