/**
 * One pull-request report: find where HEAD left the base branch, render the README rows of the
 * data there and of the working tree, compare them, and look for hand edits of generated
 * regions. The comparison is pure (core/pr-report.ts); this file only reads git and disk.
 */
import { compareCodeUnits, type Diagnostic } from '../core/diagnostic.ts';
import { compareRows, handEdits, type ComparedWith, type RowReport } from '../core/pr-report.ts';
import { applySeverities, loadRuleConfig } from '../core/rules/config.ts';
import type { SourceFile } from '../core/source.ts';
import { assemble, baseRows, rowsOf, type Inputs } from '../pipeline.ts';
import { LAYOUT, readInputs } from '../io/files.ts';
import { blobsAtRef, changedDataFiles, mergeBase } from '../io/git.ts';
import { withProjectCaches } from './project.ts';

export interface PrReportRun {
  base: ComparedWith;
  /** Undefined when this branch's data has errors: its rows cannot be rendered. */
  rows?: RowReport;
  diagnostics: Diagnostic[];
}

const BASE_PATHS = [LAYOUT.datasets, LAYOUT.vocabularies, LAYOUT.sections, LAYOUT.schema, LAYOUT.rules, LAYOUT.readme, LAYOUT.packageJson];

/** The pipeline's inputs as they were at a commit; undefined when the commit has no data/ to render. */
function inputsAt(files: ReadonlyMap<string, Uint8Array>): Inputs | undefined {
  const file = (path: string): SourceFile | undefined => {
    const bytes = files.get(path);
    return bytes && { path, bytes };
  };
  const [vocabularies, sections, schema] = [file(LAYOUT.vocabularies), file(LAYOUT.sections), file(LAYOUT.schema)];
  if (!vocabularies || !sections || !schema) return undefined;
  return {
    datasets: datasetPaths(files).map((path) => file(path)!),
    vocabularies,
    sections,
    schema,
    // Not rendered (baseRows compares rows, not READMEs), but part of the pipeline's inputs.
    readme: file(LAYOUT.readme) ?? { path: LAYOUT.readme, bytes: new Uint8Array() },
    rules: file(LAYOUT.rules),
    // The row's links depend on the project's home (the site's pages, once there is one).
    packageJson: file(LAYOUT.packageJson),
  };
}

/** data/datasets/*.yaml, as readDatasetSources lists them on disk. */
function datasetPaths(files: ReadonlyMap<string, Uint8Array>): string[] {
  const prefix = `${LAYOUT.datasets}/`;
  return [...files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/') && p.endsWith('.yaml')).sort(compareCodeUnits);
}

export async function runPrReport(root: string, ref: string): Promise<PrReportRun> {
  const base: ComparedWith = { ref, commit: mergeBase(root, ref) };
  const inputs = readInputs(root);
  const files = blobsAtRef(root, base.commit, BASE_PATHS);
  // Ids come from file names (data/id-mismatch keeps them equal), so they are known even when the data is not valid.
  const ids = new Set(datasetPaths(files).map((p) => p.slice(LAYOUT.datasets.length + 1, -'.yaml'.length)));
  // One set of caches for both sides: most base files are the head's, already validated and formatted.
  const { result, before } = await withProjectCaches(root, (options) => {
    const result = assemble(inputs, { ...options, changedFiles: () => changedDataFiles(root, { base: ref }) });
    return { result, before: result.generated.length > 0 ? baseRows(inputsAt(files), ids, options) : undefined };
  });
  const readme = result.generated.find((g) => g.path === LAYOUT.readme);
  if (!readme || !before) return { base, diagnostics: result.diagnostics.filter((d) => d.severity === 'error') };
  const rows = compareRows(before, rowsOf(inputs, result.records.map((r) => r.dataset)) ?? []);
  const mergeBaseReadme = files.has(LAYOUT.readme) ? new TextDecoder().decode(files.get(LAYOUT.readme)) : undefined;
  const diagnostics = applySeverities(handEdits(readme, mergeBaseReadme), loadRuleConfig(inputs.rules).config);
  return { base, rows, diagnostics };
}
