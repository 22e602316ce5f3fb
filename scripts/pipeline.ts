/**
 * The whole flow on one screen. Pure: it receives file contents and returns diagnostics and the
 * files the data implies; reading and writing happen in the commands (scripts/*.ts), and the
 * network is a function the link check is given.
 *
 *   assemble():   rule config → vocabularies → schema → sections → each data file: decode →
 *                 YAML → schema → dataset → cross-record rules → canonical form → generated
 *                 files (README regions, schema enums, docs/rules.md, the issue form)
 *   checkLinks(): links of the records and documents → selection (changed since, shard) →
 *                 fresh successes from the ledger → the checker, for the rest → offline or
 *                 outcomes → the updated ledger → diagnostics
 */
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { Document } from 'yaml';
import { loadSections, loadVocabularies, schemaWithVocabularies } from './core/config.ts';
import type { BaseRows } from './core/pr-report.ts';
import { readmeRows, type Row } from './core/render/rows.ts';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './core/diagnostic.ts';
import { canonicalize, canonicalReading, formatOrder } from './core/format.ts';
import { fromDocument, fromRecords, groupTargets, targetUrl, urlsOfOldFiles, type LinkTarget } from './core/links/collect.ts';
import { nextEntry, parseLedger, reusable, serializeLedger, type LedgerPolicy } from './core/links/ledger.ts';
import { looksOffline } from './core/links/offline.ts';
import type { CheckedLink, LinkResult } from './core/links/outcome.ts';
import { linkDiagnostics } from './core/links/report.ts';
import { inShard, type Shard } from './core/links/shard.ts';
import { loadHome } from './core/home.ts';
import { FORM_PATH, ISSUE_CONFIG_PATH, renderIssueConfig, renderIssueForm } from './core/issue-form.ts';
import { lazilyPositioned, loadYaml } from './core/load.ts';
import { datasetLinks, toDataset, type Dataset, type DatasetRecord } from './core/model.ts';
import { renderReadme, type RenderCache } from './core/render/readme.ts';
import { rulesDoc } from './core/render/rules-doc.ts';
import { applySeverities, loadRuleConfig } from './core/rules/config.ts';
import { unformatted, type FormatVerdicts } from './core/rules/data/unformatted.ts';
import { RECORD_RULES } from './core/rules/index.ts';
import { unsourcedValues } from './core/rules/data/sources.ts';
import { RULES_DOC } from './core/rules/registry.ts';
import { compileSchema, schemaDiagnostics } from './core/schema.ts';
import type { Inputs, SourceFile } from './core/source.ts';

export type { Inputs };

/** A file the data implies, with what is on disk now. */
export interface GeneratedFile {
  path: string;
  current: string;
  expected: string;
}

export interface Assembled {
  diagnostics: Diagnostic[];
  records: DatasetRecord[];
  /** Empty when the data has errors: a README rendered from half the data would mislead. */
  generated: GeneratedFile[];
}

/** Values of data files already known to be valid under the current schema, by content. */
export interface ValidCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface AssembleOptions {
  /** Which texts are known to be canonical; the commands keep one on disk, tests in memory. */
  formatVerdicts?: FormatVerdicts;
  /** Rendered README sections from earlier runs. */
  renderCache?: RenderCache;
  /** Values of files that passed the schema in earlier runs: taken from here instead of parsed again (the schema still checks them). */
  validCache?: ValidCache;
  /**
   * Data files added or changed relative to the base (the commands ask git): the duplicate rules
   * blame these and name the older entry. Called at most once, and only when two datasets
   * conflict; without it (or when it returns undefined) the later id is blamed.
   */
  changedFiles?: () => ReadonlySet<string> | undefined;
  /** Now, for the date rules (default: the system clock). */
  now?: Date;
  /** The records and their diagnostics only (site, export, links): the generated files are not rendered. */
  recordsOnly?: boolean;
}

/** The function's result, computed on the first call only. */
function once<T>(compute: () => T): () => T {
  let result: { value: T } | undefined;
  return () => (result ??= { value: compute() }).value;
}

/** The text of an input file; an optional file that does not exist yet reads as empty. */
const textOf = (source: SourceFile | undefined) => (source ? new TextDecoder().decode(source.bytes) : '');

export function assemble(inputs: Inputs, options: AssembleOptions = {}): Assembled {
  const diagnostics: Diagnostic[] = [...(inputs.skipped ?? [])];
  const rules = loadRuleConfig(inputs.rules);
  diagnostics.push(...rules.diagnostics);
  const done = (records: DatasetRecord[] = [], generated: GeneratedFile[] = []): Assembled => ({
    diagnostics: sortDiagnostics(applySeverities(diagnostics, rules.config)),
    records,
    generated,
  });

  const vocab = loadVocabularies(inputs.vocabularies);
  diagnostics.push(...vocab.diagnostics);
  const { home, diagnostics: homeProblems } = loadHome(inputs.packageJson);
  diagnostics.push(...homeProblems);
  if (!vocab.vocabularies) return done();
  const { vocabularies } = vocab;

  const schema = schemaWithVocabularies(inputs.schema, vocabularies);
  diagnostics.push(...schema.diagnostics);
  const sections = loadSections(inputs.sections, vocabularies);
  diagnostics.push(...sections.diagnostics);
  if (!schema.schema || !sections.plan) return done();
  let validate: ReturnType<typeof compileSchema>;
  try {
    validate = compileSchema(schema.schema);
  } catch (error) {
    diagnostics.push(
      diagnostic('config/invalid', {
        file: inputs.schema.path,
        at: { line: 1, column: 1 },
        message: `the dataset schema does not compile: ${(error as Error).message}`,
      }),
    );
    return done();
  }

  const records: DatasetRecord[] = [];
  const order = formatOrder(schema.schema);
  const { signature, ...reading } = canonicalReading(order, vocabularies);
  const schemaSignature = options.validCache ? createHash('sha256').update(JSON.stringify(schema.schema)).digest() : undefined;
  for (const source of inputs.datasets) {
    // The key covers the schema too: a file valid under yesterday's vocabulary is checked again.
    const key = schemaSignature && createHash('sha256').update(schemaSignature).update(source.bytes).digest('base64url');
    const known = key === undefined ? undefined : options.validCache?.get(key);
    // The schema runs on a remembered value too (a twentieth of a parse): whatever the cache
    // holds, only a value the schema accepts is used, and a wrong one is a miss, never a crash.
    if (known !== undefined && validate(known)) {
      const loaded = lazilyPositioned(source.path, new TextDecoder().decode(source.bytes), known);
      records.push({ dataset: toDataset(known), source: loaded });
      continue;
    }
    const { loaded, diagnostics: yamlProblems } = loadYaml(source, reading);
    diagnostics.push(...yamlProblems);
    if (!loaded) continue;
    const schemaProblems = schemaDiagnostics(loaded, validate, vocabularies);
    diagnostics.push(...schemaProblems);
    if (schemaProblems.length > 0) continue;
    records.push({ dataset: toDataset(loaded.value), source: loaded });
    if (key !== undefined && yamlProblems.length === 0) options.validCache?.set(key, loaded.value);
  }
  const context = { vocabularies, plan: sections.plan, config: rules.config, changedFiles: once(options.changedFiles ?? (() => undefined)), now: options.now ?? new Date() };
  for (const rule of RECORD_RULES) diagnostics.push(...rule(records, context));
  diagnostics.push(...unformatted(records, order, vocabularies, signature, options.formatVerdicts ?? new Set<string>()));
  if (options.recordsOnly || hasErrors(applySeverities(diagnostics, rules.config))) return done(records);

  const readmeText = textOf(inputs.readme);
  const readme = renderReadme({
    file: inputs.readme.path,
    text: readmeText,
    datasets: records.map((r) => r.dataset),
    plan: sections.plan,
    vocabularies,
    home,
    ...(options.renderCache ? { cache: options.renderCache } : {}),
  });
  diagnostics.push(...readme.diagnostics);
  if (readme.text === undefined) return done(records);
  return done(records, [
    { path: inputs.schema.path, current: textOf(inputs.schema), expected: schema.text! },
    { path: inputs.readme.path, current: readmeText, expected: readme.text },
    { path: RULES_DOC, current: textOf(inputs.rulesDoc), expected: rulesDoc() },
    { path: FORM_PATH, current: textOf(inputs.issueForm), expected: renderIssueForm(vocabularies) },
    ...(home ? [{ path: ISSUE_CONFIG_PATH, current: textOf(inputs.issueConfig), expected: renderIssueConfig(home) }] : []),
  ]);
}

/** A text file the commands read for the pipeline. */
export interface TextFile {
  path: string;
  text: string;
}

/** Where links are collected from. */
export interface LinkSources {
  /** Valid data records: their link fields. */
  records: readonly DatasetRecord[];
  /** Hand-written files: markdown (outside generated regions), or any text as a list of URLs. */
  documents: readonly TextFile[];
  /** --changed-since: the data files and markdown as they were then; links found there are not checked. */
  before?: readonly TextFile[];
}

/**
 * One run of the network checker over distinct URLs (io/link-checker.ts in the commands, a fake
 * in tests). `offline`: it found the network missing, and `offlineHosts` says from how many hosts.
 */
export type LinkChecker = (urls: readonly string[]) => Promise<{ checked: CheckedLink[]; offline: boolean; offlineHosts: number }>;

export interface CheckLinksOptions {
  /** The ledger of earlier runs, as saved (undefined text: none yet); absent with --no-cache: neither read nor updated. */
  ledger?: { saved: string | undefined };
  ledgerPolicy: LedgerPolicy;
  /** Scheduled runs: a failure is called broken only once confirmed by the ledger. */
  grace: boolean;
  shard: Shard | undefined;
  now: number;
  /** The checker's per-request timeout, named in timeout diagnostics. */
  timeoutMs: number;
  /** Told how many URLs will be requested (after selection and the ledger), e.g. for a progress line. */
  onPlan?: (requests: number) => void;
}

export interface LinkRun {
  targets: LinkTarget[];
  results: LinkResult[];
  diagnostics: Diagnostic[];
  /** The first hosts' lookups all failed: the network is unavailable, the results say nothing about the links. */
  offline: boolean;
  /** How many distinct hosts failed for lack of a network (what `offline` rests on). */
  offlineHosts: number;
  /** Links skipped because --changed-since found them unchanged, or another shard owns them. */
  notSelected: number;
  /** The ledger to save; absent without one, and when offline (nothing was learned). */
  ledger?: string;
}

/**
 * The link check, with the network passed in: each distinct URL is requested once (unless the
 * ledger holds a fresh success) and its verdict reported at every place it occurs.
 */
export async function checkLinks(sources: LinkSources, check: LinkChecker, options: CheckLinksOptions): Promise<LinkRun> {
  // Collect, then select.
  const before = sources.before ? urlsOfOldFiles(sources.before) : undefined;
  const selected = (url: string) => !before?.has(url) && inShard(url, options.shard);
  const inDocuments = sources.documents.flatMap(({ path, text }) => fromDocument(path, text));
  const everyUrl = new Set([...sources.records.flatMap(({ dataset }) => datasetLinks(dataset).map(({ url }) => targetUrl(url))), ...inDocuments.map(({ url }) => targetUrl(url))]);
  const targets = groupTargets([...fromRecords(sources.records, selected), ...inDocuments.filter(({ url }) => selected(targetUrl(url)))]);

  // Fresh successes from the ledger stand in for requests; the checker asks about the rest.
  const ledger = parseLedger(options.ledger?.saved);
  const results = new Map<string, LinkResult>();
  const toCheck: string[] = [];
  for (const target of targets) {
    const reused = options.ledger ? reusable(ledger.entries[target.url], options.now, options.ledgerPolicy) : undefined;
    if (reused) results.set(target.url, { ...reused, url: target.url });
    else toCheck.push(target.url);
  }
  options.onPlan?.(toCheck.length);
  const run = await check(toCheck);

  // Outcomes, unless the network was missing: then they say nothing about the links.
  const offline = run.offline || looksOffline(run.checked);
  const offlineHosts = run.offline ? run.offlineHosts : new Set(run.checked.map((r) => hostOf(r.url))).size;
  for (const { errorCode: _, ...result } of run.checked) results.set(result.url, result);
  const done = { targets, results: targets.map((t) => results.get(t.url)!), offline, offlineHosts, notSelected: everyUrl.size - targets.length };
  if (offline) return { ...done, diagnostics: [] };

  // The ledger learns what was checked before the deadline; a link not reached keeps its old entry.
  if (options.ledger) {
    for (const result of run.checked) {
      if (result.outcome !== 'unchecked') ledger.entries[result.url] = nextEntry(ledger.entries[result.url], result, options.now);
    }
  }
  // Diagnostics, one per place a link occurs.
  const diagnostics = linkDiagnostics(targets, results, { grace: options.grace, ledger: ledger.entries, ledgerPolicy: options.ledgerPolicy, now: options.now, timeoutMs: options.timeoutMs });
  return { ...done, diagnostics, ...(options.ledger ? { ledger: serializeLedger(ledger) } : {}) };
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname : url;
}

const EVERY_TEXT_CANONICAL: FormatVerdicts = { has: () => true, add: () => {} };

/**
 * A record about to be added (by `npm run new` or from an issue form): written in canonical
 * form and checked by the whole pipeline next to the existing data, so duplicates are caught too.
 */
export function proposeRecord(inputs: Inputs, record: { id: string }): { file: string; text?: string; diagnostics: Diagnostic[] } {
  const vocab = loadVocabularies(inputs.vocabularies);
  const schema = vocab.vocabularies ? schemaWithVocabularies(inputs.schema, vocab.vocabularies) : undefined;
  const file = `data/datasets/${record.id}.yaml`;
  if (!vocab.vocabularies || !schema?.schema) return { file, diagnostics: [...vocab.diagnostics, ...(schema?.diagnostics ?? [])] };
  const canonical = canonicalize(new Document(record).toString(), formatOrder(schema.schema), vocab.vocabularies);
  if (!canonical.ok) throw new Error(canonical.reason);
  const source = { path: file, bytes: new TextEncoder().encode(canonical.text) };
  // The proposal is the changed file (duplicates are blamed on it), and canonicalize just wrote
  // it: only its findings are kept, so no file's format needs checking.
  const result = assemble({ ...inputs, datasets: [...inputs.datasets, source] }, { changedFiles: () => new Set([file]), formatVerdicts: EVERY_TEXT_CANONICAL });
  return { file, text: canonical.text, diagnostics: result.diagnostics.filter((d) => d.file === file) };
}

/**
 * Pull requests change data/ and hand-written text; generated files are rebuilt on main after
 * merge. So a generated file that differs from its data is news, not a problem: one line.
 */
export function pendingRegeneration(generated: readonly GeneratedFile[]): string | undefined {
  const paths = generated.filter((file) => file.current !== file.expected).map((file) => file.path);
  if (paths.length === 0) return undefined;
  const names = paths.length === 1 ? paths[0] : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}`;
  return `${names} will be regenerated from data/ after merge (\`npm run build\` previews ${paths.length === 1 ? 'it' : 'them'})`;
}

/** The one line that says how much of the catalog still lacks sources (issue 14's pass), or nothing. */
export function unsourcedNote(records: readonly DatasetRecord[]): string | undefined {
  const { values, files } = unsourcedValues(records);
  if (values === 0) return undefined;
  return `${values} licence and access value${values === 1 ? '' : 's'} in ${files} data file${files === 1 ? '' : 's'} ${values === 1 ? 'has' : 'have'} no source yet; a change to such a file adds it (data/unsourced-fact)`;
}

/**
 * The README's rows for the data of `inputs` (the base's), or why they cannot be rendered. Its
 * README is not an input: rows come from data, and the base README may be stale or unmarked.
 */
export function baseRows(inputs: Inputs | undefined, ids: ReadonlySet<string>, options: AssembleOptions = {}): BaseRows {
  if (!inputs) return { problem: 'has no data/ to compare with', ids };
  const result = assemble({ ...inputs, readme: { path: inputs.readme.path, bytes: new Uint8Array() } }, options);
  // Without a README there are readme/missing-region errors; they say nothing about the data.
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !d.ruleId.startsWith('readme/'));
  const rows = errors.length === 0 ? rowsOf(inputs, result.records.map((r) => r.dataset)) : undefined;
  if (!rows) {
    const first = errors[0];
    const where = first ? `; first: ${first.file}:${first.line}:${first.column} ${first.ruleId}` : '';
    return { problem: `has data that does not validate (${errors.length} error${errors.length === 1 ? '' : 's'}${where})`, ids };
  }
  return { rows };
}

/** The rows of a valid catalog: its configuration gives sections and labels. */
export function rowsOf(inputs: Inputs, datasets: readonly Dataset[]): Row[] | undefined {
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  const plan = vocabularies && loadSections(inputs.sections, vocabularies).plan;
  return vocabularies && plan ? readmeRows(datasets, plan, vocabularies, loadHome(inputs.packageJson).home) : undefined;
}

const MAX_DIFF_LINES = 60;
/** Beyond this many differing lines a diff is no help to a reader and costs seconds to compute. */
const MAX_DIFF_INPUT_LINES = 4000;

/**
 * Generated files that differ from what the data produces, as errors located at the first
 * changed line, with a diff: for `check --require-generated`, where keeping them in sync is the
 * job of whoever runs it (the regeneration job on main, a maintainer before a release).
 */
export function staleFiles(generated: readonly GeneratedFile[]): Diagnostic[] {
  return generated
    .filter((file) => file.current !== file.expected)
    .map((file) => {
      const { line, detail } = readableDiff(file);
      return diagnostic('readme/stale', {
        file: file.path,
        at: { line, column: 1 },
        message: `${file.path} is out of date with data/`,
        hint: 'run `npm run build` and commit the result',
        detail,
      });
    });
}

/**
 * A unified diff of the part that changed. Common leading and trailing lines are cut first, so
 * the diff algorithm (quadratic in the worst case) only sees the changed window.
 */
function readableDiff(file: GeneratedFile): { line: number; detail: string } {
  const left = file.current.split('\n');
  const right = file.expected.split('\n');
  let head = 0;
  while (head < left.length && head < right.length && left[head] === right[head]) head++;
  let tail = 0;
  while (
    tail < left.length - head &&
    tail < right.length - head &&
    left[left.length - 1 - tail] === right[right.length - 1 - tail]
  ) {
    tail++;
  }
  const context = Math.min(head, 2);
  const from = head - context;
  const oldWindow = left.slice(from, left.length - tail);
  const newWindow = right.slice(from, right.length - tail);
  if (oldWindow.length + newWindow.length > MAX_DIFF_INPUT_LINES) {
    return {
      line: head + 1,
      detail: `${oldWindow.length - context} lines on disk differ from ${newWindow.length - context} generated lines, starting at line ${head + 1}`,
    };
  }
  const patch = createTwoFilesPatch(file.path, file.path, `${oldWindow.join('\n')}\n`, `${newWindow.join('\n')}\n`, 'on disk', 'from data', {
    context: 2,
  });
  // Hunk headers count from the window; shift them to the file's own line numbers.
  const lines = patch
    .split('\n')
    .slice(2)
    .map((l) => l.replace(/^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/, (_, a, b = '', c, d = '') => `@@ -${Number(a) + from}${b} +${Number(c) + from}${d} @@`));
  const shown = lines.length > MAX_DIFF_LINES ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more diff lines`] : lines;
  return { line: head + 1, detail: shown.join('\n').trimEnd() };
}

/** One line saying what was looked at, for the end of a report. */
export function describeResult(result: Assembled): string {
  const sections = new Set(result.records.map((r) => r.dataset.organs[0])).size;
  const generated = result.generated.length > 0 ? `; ${result.generated.length} generated files compared` : '';
  return `${result.records.length} valid dataset${result.records.length === 1 ? '' : 's'} (${sections} organs)${generated}`;
}
