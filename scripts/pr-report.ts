/**
 * npm run pr-report — for a pull request: fail when a generated region of README.md was edited
 * by hand (contributors edit data/; the README is regenerated after merge), and show in the job
 * summary the table rows the pull request adds or changes.
 */
import { execFileSync } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import type { Root, RootContent } from 'mdast';
import { findRegions } from './core/render/regions.ts';
import { serialize } from './core/render/markdown.ts';
import { command, COMMON_OPTIONS, UsageError } from './io/cli.ts';
import { LAYOUT } from './io/files.ts';
import { assembleProject } from './io/project.ts';

const USAGE = `Usage: npm run pr-report -- --base <git ref> [--root <dir>]

Compares README.md of this branch with the base branch and with what data/ produces:
fails (exit 1) when a generated region was edited by hand, and writes the rows this change
adds or changes to $GITHUB_STEP_SUMMARY (or standard output).
`;

function regionBodies(text: string): Map<string, string> {
  const { regions } = findRegions(text);
  return new Map([...regions.values()].map((r) => [r.name, text.slice(r.start, r.end).trim()]));
}

/** Table rows with the heading and header row they belong to, so they can be shown on their own. */
function rowsBySection(text: string): { section: string; header: string; rows: string[] }[] {
  const groups: { section: string; header: string; rows: string[] }[] = [];
  let section = '';
  let header = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3);
    else if (line.startsWith('|') && /^\|\s*-/.test(line)) continue;
    else if (line.startsWith('|') && !header) header = line;
    else if (line.startsWith('|')) {
      let group = groups.find((g) => g.section === section);
      if (!group) groups.push((group = { section, header, rows: [] }));
      group.rows.push(line);
    }
    if (line.startsWith('## ')) header = '';
  }
  return groups;
}

await command(USAGE, { ...COMMON_OPTIONS, base: { type: 'string' } }, async (values) => {
  if (!values.base) throw new UsageError('--base <git ref> is required, e.g. --base origin/main');
  const { result } = await assembleProject(values.root);
  const readme = result.generated.find((g) => g.path === LAYOUT.readme);
  if (!readme) {
    process.stderr.write('the data has errors, so README.md cannot be rendered; see npm run check\n');
    return 1;
  }
  let baseText: string;
  try {
    baseText = execFileSync('git', ['-C', values.root, 'show', `${values.base}:${LAYOUT.readme}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new UsageError(`cannot read ${LAYOUT.readme} at ${values.base}; is the ref fetched (actions/checkout with fetch-depth: 0)?`);
  }

  const base = regionBodies(baseText);
  const mine = regionBodies(readme.current);
  const expected = regionBodies(readme.expected);
  const handEdited = [...mine].filter(([name, body]) => body !== base.get(name) && body !== expected.get(name)).map(([name]) => name);

  const baseRows = new Set(baseText.split('\n').filter((l) => l.startsWith('|')));
  const changed = rowsBySection(expected.get('datasets') ?? '')
    .map((g) => ({ ...g, rows: g.rows.filter((row) => !baseRows.has(row)) }))
    .filter((g) => g.rows.length > 0);

  const children: RootContent[] = [{ type: 'heading', depth: 3, children: [{ type: 'text', value: 'README rows this pull request adds or changes' }] }];
  if (changed.length === 0) children.push({ type: 'paragraph', children: [{ type: 'text', value: 'None.' }] });
  let markdown = serialize({ type: 'root', children } satisfies Root);
  for (const group of changed) {
    const separator = `|${group.header.split('|').slice(1, -1).map(() => ' - ').join('|')}|`;
    markdown += `\n#### ${group.section}\n\n${[group.header, separator, ...group.rows].join('\n')}\n`;
  }
  if (handEdited.length > 0) {
    markdown += `\n**README.md was edited by hand in its generated region(s): ${handEdited.join(', ')}.** Edit the files in data/datasets/ instead; README.md is regenerated from them after merge.\n`;
  }
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, markdown);
  else process.stdout.write(markdown);
  if (handEdited.length > 0) {
    process.stderr.write(
      `::error file=${LAYOUT.readme},title=readme/hand-edited::README.md's generated region(s) ${handEdited.join(', ')} were edited by hand. Edit data/datasets/*.yaml instead; README.md is regenerated after merge.\n`,
    );
    return 1;
  }
  return 0;
});
