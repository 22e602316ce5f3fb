/**
 * npm run site — the catalog site in dist/site/: static pages, styles, one small script,
 * sitemap.xml, robots.txt and the exports (scripts/core/site/). Refuses while the data has
 * errors; replaces the whole folder at once, so a failed build leaves the last good site.
 */
import path from 'node:path';
import { hasErrors } from './core/diagnostic.ts';
import { loadVocabularies } from './core/config.ts';
import { loadHome } from './core/home.ts';
import { renderSite } from './core/site/pages.ts';
import { command, COMMON_OPTIONS, COMMON_USAGE, emit, formatOf } from './app/cli.ts';
import { exportFiles } from './app/exports.ts';
import { assembleProject, removeLeftovers } from './app/project.ts';
import { replaceFolder } from './io/files.ts';
import { describeResult } from './pipeline.ts';

export const SITE_FOLDER = 'dist/site';

const USAGE = `Usage: npm run site -- [options]

Builds the catalog site into ${SITE_FOLDER}/ from data/ (refuses while the data has errors):
index.html with search and filters, d/<id>/index.html per dataset, sitemap.xml, robots.txt
and datasets.json, datasets.csv, datasets.bib. Open ${SITE_FOLDER}/index.html in a browser, or
serve the folder from any path. Its absolute links (canonical, sitemap) use the site address
derived from package.json ("repository", or a github.io "homepage"); in GitHub Actions, the
repository the workflow runs in.

Options:
  --out <dir>      where to write the site (default: ${SITE_FOLDER}, under --root)
${COMMON_USAGE}
`;

await command(USAGE, { ...COMMON_OPTIONS, out: { type: 'string', default: SITE_FOLDER } }, async (options) => {
  const format = formatOf(options.format);
  const notes = removeLeftovers(options.root);
  const { inputs, result } = await assembleProject(options.root, { recordsOnly: true });
  if (hasErrors(result.diagnostics)) {
    return emit({ command: 'site', diagnostics: result.diagnostics, checked: `${describeResult(result)}; no site built`, notes }, format);
  }
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  // A deployment links to the repository it was built in (a fork's site to the fork).
  const { home, diagnostics: homeProblems } = loadHome(inputs.packageJson, process.env);
  if (!home) return emit({ command: 'site', diagnostics: homeProblems, checked: 'no site built: the site needs the repository named in package.json', notes }, format);
  const datasets = result.records.map((r) => r.dataset);
  const exported = exportFiles(options.root, datasets, vocabularies!, home);
  if (exported.problem) return emit({ command: 'site', diagnostics: [exported.problem], checked: 'no site built', notes }, format);
  const files = renderSite({ datasets, vocabularies: vocabularies!, home, exports: exported.files });
  const out = path.resolve(options.root, options.out);
  replaceFolder(out, files);
  return emit(
    { command: 'site', diagnostics: result.diagnostics, checked: `${datasets.length} datasets; site of ${files.length} files written to ${path.relative(options.root, out) || '.'} (${home.site})`, notes },
    format,
  );
});
