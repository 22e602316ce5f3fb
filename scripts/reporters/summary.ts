/**
 * The job summary (markdown): every diagnostic, since annotations are capped at 10 per type. Also
 * the `markdown` format, which the accept-dataset workflow posts in an issue comment: the tree
 * goes through inertMarkdown, so data shows as it is and pings nobody.
 */
import type { Root, RootContent, TableRow } from 'mdast';
import { tally } from '../core/diagnostic.ts';
import { serialize } from '../core/render/markdown.ts';
import { inertMarkdown } from '../core/text-safety.ts';
import type { Reporter } from './report.ts';

export const summary: Reporter = (report) => {
  const { errors, warnings } = tally(report.diagnostics);
  const row = (cells: string[]): TableRow => ({
    type: 'tableRow',
    children: cells.map((value) => ({ type: 'tableCell', children: [{ type: 'inlineCode', value }] })),
  });
  const header: TableRow = {
    type: 'tableRow',
    children: ['Location', 'Severity', 'Rule', 'Message'].map((value) => ({ type: 'tableCell', children: [{ type: 'text', value }] })),
  };
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'heading', depth: 3, children: [{ type: 'text', value: `npm run ${report.command}: ${errors} errors, ${warnings} warnings` }] },
      { type: 'paragraph', children: [{ type: 'text', value: report.checked }] },
      ...(report.notes ?? []).map((note): RootContent => ({ type: 'paragraph', children: [{ type: 'text', value: `ℹ️ ${note}` }] })),
    ],
  };
  if (report.diagnostics.length > 0) {
    tree.children.push({
      type: 'table',
      align: [],
      children: [
        header,
        ...report.diagnostics.map((d) => {
          const r = row([`${d.file}:${d.line}:${d.column}`, d.severity, d.ruleId]);
          r.children.push({ type: 'tableCell', children: [{ type: 'text', value: d.hint ? `${d.message} — ${d.hint}` : d.message }] });
          return r;
        }),
      ],
    });
  }
  for (const d of report.diagnostics.filter((x) => x.detail)) {
    tree.children.push({ type: 'code', lang: 'diff', value: d.detail! });
  }
  return serialize(inertMarkdown(tree));
};
