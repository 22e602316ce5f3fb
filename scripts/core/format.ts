/**
 * The canonical form of a data file, as `npm run fix` writes it: the schema line first, keys in
 * schema order, vocabulary lists in vocabulary order (the first organ stays first: it decides
 * the section), short lists in flow style, long prose folded, comments kept. Formatting never
 * changes a value; `canonicalize` proves it by comparing the data before and after.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, type ToStringOptions, type YAMLMap, type YAMLSeq } from 'yaml';
import { provenTexts, type CanonicalForm, type ProvenTexts } from './load.ts';
import type { Vocabularies, Vocabulary } from './vocabulary.ts';

/** The first line of every data file: editors (VS Code's YAML extension) complete and check with it. */
export const SCHEMA_COMMENT = '# yaml-language-server: $schema=../dataset.schema.json';

const LINE_WIDTH = 100;
const OUTPUT: ToStringOptions = { lineWidth: LINE_WIDTH, minContentWidth: 40, flowCollectionPadding: false };
const PROSE_KEYS = new Set(['description', 'notes', 'labels']);

export interface FormatOrder {
  /** Top-level keys in schema order. */
  keys: readonly string[];
  links: readonly string[];
  size: readonly string[];
  license: readonly string[];
  sources: readonly string[];
}

type SchemaShape = { properties: Record<string, { properties?: object; items?: { properties?: object }; else?: { properties?: object } }> };

/** Key orders read from the dataset schema, so the canonical form follows the schema. */
export function formatOrder(schema: object): FormatOrder {
  const p = (schema as SchemaShape).properties;
  return {
    keys: Object.keys(p),
    links: Object.keys(p.links?.properties ?? {}),
    size: Object.keys(p.size?.items?.properties ?? {}),
    license: Object.keys(p.license?.else?.properties ?? {}),
    sources: Object.keys(p.sources?.items?.properties ?? {}),
  };
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/** Known keys in the given order; unknown ones after them, in their original order (never dropped). */
function orderKeys(map: YAMLMap, order: readonly string[]): void {
  const rank = (pair: Pair) => {
    const i = order.indexOf(keyOf(pair));
    return i === -1 ? order.length : i;
  };
  map.items = map.items.map((pair, i) => ({ pair, i })).sort((a, b) => rank(a.pair) - rank(b.pair) || a.i - b.i).map(({ pair }) => pair as Pair<unknown, unknown>);
}

function termRank(vocabulary: Vocabulary): (value: string) => number {
  const keys = [...vocabulary.terms.keys()];
  return (value) => {
    const i = keys.indexOf(value);
    return i === -1 ? keys.length : i;
  };
}

function sortSeq(seq: YAMLSeq, rankOf: (node: unknown) => number, keepFirst: boolean): void {
  const head = keepFirst ? seq.items.slice(0, 1) : [];
  const rest = (keepFirst ? seq.items.slice(1) : seq.items).map((node, i) => ({ node, i }));
  rest.sort((a, b) => rankOf(a.node) - rankOf(b.node) || a.i - b.i);
  seq.items = [...head, ...rest.map(({ node }) => node)];
}

const scalarText = (node: unknown) => (isScalar(node) ? String(node.value) : '');
const modalityTerm = (node: unknown) => (isMap(node) && node.items[0] ? keyOf(node.items[0] as Pair) : scalarText(node));

/** Flow style when every item is a plain scalar without comments and the line stays short; block otherwise. */
function chooseListStyle(seq: YAMLSeq, key: string): void {
  const scalars = seq.items.every((n) => isScalar(n) && !n.comment && !n.commentBefore);
  const width = key.length + 4 + seq.items.reduce<number>((sum, n) => sum + scalarText(n).length + 2, 0);
  seq.flow = scalars && width <= LINE_WIDTH;
}

function resetScalar(node: unknown, key: string): void {
  if (!isScalar(node) || typeof node.value !== 'string') return;
  const value = node.value;
  const oneLine = key.length + 2 + value.length <= LINE_WIDTH && !value.includes('\n');
  node.type = PROSE_KEYS.has(key) && !oneLine ? Scalar.BLOCK_FOLDED : undefined;
}

function walkScalars(node: unknown, key: string): void {
  if (isScalar(node)) return resetScalar(node, key);
  if (isMap(node)) for (const pair of node.items) walkScalars(pair.value, keyOf(pair as Pair));
  if (isSeq(node)) for (const item of node.items) walkScalars(item, key);
}

function apply(doc: Document, order: FormatOrder, vocabularies: Vocabularies): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  // yaml attaches a leading comment to the document, the root map or its first key depending
  // on blank lines: take it from all three before the keys move.
  const firstKey = root.items[0]?.key as Node | undefined;
  const leading = [doc.commentBefore, root.commentBefore, firstKey?.commentBefore]
    .flatMap((comment) => (comment ?? '').split('\n'))
    .filter((line) => line.trim() !== '' && !line.includes('yaml-language-server:'));
  doc.commentBefore = null;
  if (firstKey) firstKey.commentBefore = null;
  orderKeys(root, order.keys);
  for (const pair of root.items) {
    const key = keyOf(pair as Pair);
    const value = pair.value as Node | null;
    if (isSeq(value)) {
      if (key === 'organs') {
        const rank = termRank(vocabularies.organ);
        sortSeq(value, (n) => rank(scalarText(n)), true);
      }
      if (key === 'tasks') {
        const rank = termRank(vocabularies.task);
        sortSeq(value, (n) => rank(scalarText(n)), false);
      }
      if (key === 'modalities') {
        const rank = termRank(vocabularies.modality);
        sortSeq(value, (n) => rank(modalityTerm(n)), false);
        value.flow = false;
        for (const item of value.items) {
          if (!isMap(item)) continue;
          item.flow = false;
          for (const inner of item.items) if (isSeq(inner.value)) chooseListStyle(inner.value, keyOf(inner as Pair));
        }
      } else if (key === 'size') {
        value.flow = false;
        for (const item of value.items) {
          if (isMap(item)) {
            orderKeys(item, order.size);
            item.flow = true;
          }
        }
      } else if (key === 'sources') {
        // One block per page: url, supports, checked and note each on its own line, easy to diff.
        value.flow = false;
        for (const item of value.items) {
          if (!isMap(item)) continue;
          orderKeys(item, order.sources);
          item.flow = false;
          for (const inner of item.items) if (isSeq(inner.value)) chooseListStyle(inner.value, keyOf(inner as Pair));
        }
      } else {
        chooseListStyle(value, key);
      }
    }
    if (isMap(value)) {
      value.flow = false;
      if (key === 'links') orderKeys(value, order.links);
      if (key === 'license') orderKeys(value, order.license);
    }
    walkScalars(value, key);
  }
  // Exactly one schema line on top, above any other leading comment.
  root.commentBefore = [SCHEMA_COMMENT.replace(/^# ?/, ' '), ...leading].join('\n');
}

export type Canonical = { ok: true; text: string } | { ok: false; reason: string };

/** What the values must still be after formatting: the same, with vocabulary lists in order. */
function expectedValue(value: unknown, vocabularies: Vocabularies): string {
  const v = structuredClone(value) as Record<string, unknown>;
  if (v && typeof v === 'object') {
    const rankBy = (vocab: Vocabulary, f: (x: unknown) => string) => {
      const r = termRank(vocab);
      return (a: unknown, b: unknown) => r(f(a)) - r(f(b));
    };
    const asText = (x: unknown) => String(x);
    const asTerm = (x: unknown) => (typeof x === 'object' && x !== null ? Object.keys(x)[0]! : String(x));
    const stable = <T>(list: T[], compare: (a: T, b: T) => number) => list.map((x, i) => ({ x, i })).sort((a, b) => compare(a.x, b.x) || a.i - b.i).map(({ x }) => x);
    if (Array.isArray(v.organs) && v.organs.length > 1) v.organs = [v.organs[0], ...stable(v.organs.slice(1), rankBy(vocabularies.organ, asText))];
    if (Array.isArray(v.tasks)) v.tasks = stable(v.tasks, rankBy(vocabularies.task, asText));
    if (Array.isArray(v.modalities)) v.modalities = stable(v.modalities, rankBy(vocabularies.modality, asTerm));
  }
  return canonicalJson(v);
}

/** JSON with object keys sorted, so key order does not count as a change of value. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/**
 * What the canonical form depends on besides the text and this code: key orders and vocabulary
 * orders. (A change to the formatter itself is a new version of the code, with its own caches.)
 */
export function formatSignature(order: FormatOrder, vocabularies: Vocabularies): string {
  const vocab = Object.values(vocabularies).map((v) => [...v.terms.keys()].join(','));
  return JSON.stringify([order, vocab]);
}

/**
 * How data files are read for this schema's orders and these vocabularies: canonical texts take
 * load.ts's quick path, and a text this process has proven before is not proven again.
 */
export function canonicalReading(order: FormatOrder, vocabularies: Vocabularies): { signature: string; canonicalForm: CanonicalForm; proven: ProvenTexts } {
  const signature = formatSignature(order, vocabularies);
  return { signature, canonicalForm: (value) => canonicalForm(value, order, vocabularies), proven: provenTexts(signature) };
}

/**
 * The canonical text. With `verify` (whenever the result will be written), the output is parsed
 * again and must hold exactly the same values; a check that only compares texts skips that
 * second parse, which is half the cost.
 */
export function canonicalize(text: string, order: FormatOrder, vocabularies: Vocabularies, { verify = true } = {}): Canonical {
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) return { ok: false, reason: 'the file is not valid YAML; fix the syntax error first' };
  if (!isMap(doc.contents)) return { ok: false, reason: 'the file is not a mapping of properties' };
  const before = verify ? doc.toJS({ maxAliasCount: 50 }) : undefined;
  apply(doc, order, vocabularies);
  let output: string;
  try {
    output = doc.toString(OUTPUT);
  } catch (error) {
    // The one way reordering can make a document unwritable: an alias that would come before its anchor.
    return { ok: false, reason: `the canonical order would put an alias before its anchor (${(error as Error).message}); write the value out instead of using an anchor` };
  }
  if (!verify) return { ok: true, text: output };
  const after = parseDocument(output, { uniqueKeys: true, strict: true });
  if (after.errors.length > 0 || canonicalJson(after.toJS({ maxAliasCount: 50 })) !== expectedValue(before, vocabularies)) {
    return { ok: false, reason: 'formatting would change a value (a bug in the formatter); the file was left as it is' };
  }
  return { ok: true, text: output };
}


/**
 * The canonical text of a document holding `value` and nothing else: no comment beyond the schema
 * line, no blank line, every style yaml's default. Most data files are exactly that, and this
 * needs no parse: a file equal to the canonical text of its own value is canonical, at a third of
 * the cost of `canonicalize`. (Equal means canonical because writing is stable: a text written
 * from a value, parsed and formatted again, comes out the same — test/runtime.test.ts checks it
 * on generated values.) Undefined when the value is not a mapping.
 */
export function canonicalOfValue(value: unknown, order: FormatOrder, vocabularies: Vocabularies): string | undefined {
  return canonicalDocument(value, order, vocabularies)?.toString({ ...OUTPUT, directives: false });
}

/**
 * The canonical text of a document holding `value`, with the value that text holds: `value`
 * with its keys and vocabulary lists in canonical order, as yaml itself reads it back (yaml
 * reads its own output as the value it wrote; test/load.test.ts checks that on generated values).
 */
export function canonicalForm(value: unknown, order: FormatOrder, vocabularies: Vocabularies): { text: string; value: unknown } | undefined {
  const doc = canonicalDocument(value, order, vocabularies);
  return doc && { text: doc.toString({ ...OUTPUT, directives: false }), value: doc.toJS() };
}

function canonicalDocument(value: unknown, order: FormatOrder, vocabularies: Vocabularies): Document | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  // Values read from YAML share no objects, and a repeated one must not turn into an alias here.
  const doc = new Document(value, { aliasDuplicateObjects: false });
  apply(doc, order, vocabularies);
  // Such a document has no directives to write (callers pass directives: false): not asking saves a walk over every node.
  return doc;
}
