/** docs/rules.md, generated from the rule registry so the two cannot drift apart. */
import type { Root, RootContent, TableRow } from 'mdast';
import { RULES, type RuleId } from '../rules/registry.ts';
import { serialize } from './markdown.ts';

const STAGES: Record<string, string> = {
  file: 'Finding the data files',
  yaml: 'Reading the file',
  schema: 'The dataset schema (data/dataset.schema.json)',
  data: 'Rules across data files',
  config: 'Project configuration',
  readme: 'The generated README',
  link: 'Link checking (npm run links)',
};

export function rulesDoc(): string {
  const ids = Object.keys(RULES) as RuleId[];
  const text = (value: string) => ({ type: 'text' as const, value });
  const row = (cells: RootContent[][]): TableRow => ({ type: 'tableRow', children: cells.map((children) => ({ type: 'tableCell', children: children as never })) });
  const children: RootContent[] = [
    { type: 'heading', depth: 1, children: [text('Rules')] },
    {
      type: 'paragraph',
      children: [
        text('Every problem the toolchain reports carries one of these rule ids. This page is generated from '),
        { type: 'inlineCode', value: 'scripts/core/rules/registry.ts' },
        text(' by '),
        { type: 'inlineCode', value: 'npm run build' },
        text('; change a severity (or turn a rule off) in '),
        { type: 'inlineCode', value: 'data/rules.yaml' },
        text('.'),
      ],
    },
  ];
  for (const [stage, title] of Object.entries(STAGES)) {
    const members = ids.filter((id) => id.startsWith(`${stage}/`));
    children.push({ type: 'heading', depth: 2, children: [text(title)] });
    for (const id of members) {
      children.push({ type: 'heading', depth: 3, children: [text(id)] });
      children.push({ type: 'paragraph', children: [{ type: 'strong', children: [text(RULES[id].severity)] }, text(` — ${RULES[id].summary}`)] });
    }
  }
  children.push({ type: 'heading', depth: 2, children: [text('Summary')] });
  children.push({
    type: 'table',
    align: [],
    children: [
      row([[text('Rule')], [text('Default severity')], [text('Summary')]]),
      ...ids.map((id) => row([[{ type: 'inlineCode', value: id }], [text(RULES[id].severity)], [text(RULES[id].summary)]])),
    ],
  });
  return serialize({ type: 'root', children } satisfies Root);
}
