/** Read the project, run the pipeline with the on-disk caches: what every command starts with. */
import { assemble, type AssembleOptions, type Assembled, type Inputs } from '../pipeline.ts';
import { openProjectCache } from '../io/cache-store.ts';
import { readInputs, removeLeftoverTemporaries } from '../io/files.ts';
import { changedDataFiles } from '../io/git.ts';

export interface ProjectOptions {
  /** The git ref a change is compared with, to blame duplicates on the new file (default: see changedDataFiles). */
  base?: string | undefined;
  /** Only the records are needed (site, export, links): see AssembleOptions. */
  recordsOnly?: boolean;
}

export async function assembleProject(root: string, options: ProjectOptions = {}): Promise<{ inputs: Inputs; result: Assembled }> {
  const inputs = readInputs(root);
  const result = await withProjectCaches(root, (caches) =>
    assemble(inputs, {
      ...caches,
      ...(options.recordsOnly ? { recordsOnly: true } : {}),
      // Git is asked only when two datasets conflict or a licence/access value lacks its source,
      // so commands on a clean, fully sourced catalog never run it.
      changedFiles: () => changedDataFiles(root, { base: options.base }),
    }),
  );
  return { inputs, result };
}

/**
 * Runs `work` with the project's caches open and saves them after, once: several pipeline runs
 * (the pull-request report assembles the base data too) share the entries, and none of them
 * writes back a cache that forgets what another one used.
 */
export async function withProjectCaches<T>(root: string, work: (options: AssembleOptions) => T): Promise<T> {
  const { save, ...caches } = openProjectCache(root);
  const result = work(caches);
  await save();
  return result;
}

/**
 * What a writing command does before it writes: removes the temporary files an interrupted
 * write left behind, and says so in one line for the report's notes.
 */
export function removeLeftovers(root: string): string[] {
  const removed = removeLeftoverTemporaries(root);
  if (removed.length === 0) return [];
  const files = removed.length === 1 ? 'temporary file' : 'temporary files';
  return [`removed ${removed.length} ${files} left by an interrupted write: ${removed.join(', ')}`];
}
