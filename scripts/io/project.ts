/** Read the project, run the pipeline with the on-disk format cache: what every command starts with. */
import { assemble, type Assembled, type Inputs } from '../pipeline.ts';
import { readInputs } from './files.ts';
import { formatCacheFile, openFormatCache } from './format-cache.ts';
import { openBundleCache } from './bundle-cache.ts';

export async function assembleProject(root: string): Promise<{ inputs: Inputs; result: Assembled }> {
  const inputs = readInputs(root);
  const formatVerdicts = openFormatCache(formatCacheFile(root));
  const caches = openBundleCache(root);
  const result = assemble(inputs, { formatVerdicts, ...(caches ? { renderCache: caches.render, validCache: caches.valid } : {}) });
  await formatVerdicts.save();
  await caches?.save();
  return { inputs, result };
}
