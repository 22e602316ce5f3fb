/** Read the project, run the pipeline with the on-disk caches: what every command starts with. */
import { assemble, type Assembled, type Inputs } from '../pipeline.ts';
import { readInputs } from './files.ts';
import { formatCacheFile, openFormatCache } from './format-cache.ts';
import { openBundleCache } from './bundle-cache.ts';
import { changedDataFiles } from './git.ts';

export interface ProjectOptions {
  /** The git ref a change is compared with, to blame duplicates on the new file (default: see changedDataFiles). */
  base?: string | undefined;
}

export async function assembleProject(root: string, options: ProjectOptions = {}): Promise<{ inputs: Inputs; result: Assembled }> {
  const inputs = readInputs(root);
  const formatVerdicts = openFormatCache(formatCacheFile(root));
  const caches = openBundleCache(root);
  const result = assemble(inputs, {
    formatVerdicts,
    ...(caches ? { renderCache: caches.render, validCache: caches.valid } : {}),
    // Git is asked only when two datasets conflict, so commands on a clean catalog never run it.
    changedFiles: () => changedDataFiles(root, { base: options.base }),
  });
  await formatVerdicts.save();
  await caches?.save();
  return { inputs, result };
}
