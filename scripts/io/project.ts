/** Read the project, run the pipeline with the on-disk format cache: what every command starts with. */
import { assemble, type Assembled, type Inputs } from '../pipeline.ts';
import { readInputs } from './files.ts';
import { formatCacheFile, openFormatCache } from './format-cache.ts';
import { openRenderCache } from './render-cache.ts';

export async function assembleProject(root: string): Promise<{ inputs: Inputs; result: Assembled }> {
  const inputs = readInputs(root);
  const formatVerdicts = openFormatCache(formatCacheFile(root));
  const renderCache = openRenderCache();
  const result = assemble(inputs, { formatVerdicts, ...(renderCache ? { renderCache } : {}) });
  await formatVerdicts.save();
  await renderCache?.save();
  return { inputs, result };
}
