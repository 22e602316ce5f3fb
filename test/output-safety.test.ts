/**
 * Output spoofing from data (issue 11, item 3): text from a data file or an issue form reaches
 * every output as text — escape sequences spelled out on a terminal, no workflow command in a
 * GitHub log, no heading or table row in a job summary, no mention or cross-reference in a
 * bot comment — while the colours, commands and markdown the reporters add stay theirs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../scripts/core/diagnostic.ts';
import type { LinkResult } from '../scripts/core/links/outcome.ts';
import { countOutcomes } from '../scripts/core/links/report.ts';
import { serialize } from '../scripts/core/render/markdown.ts';
import type { Row } from '../scripts/core/render/rows.ts';
import { terminalText } from '../scripts/core/text-safety.ts';
import { github } from '../scripts/reporters/github.ts';
import { REPORTERS } from '../scripts/reporters/index.ts';
import { linksJsonl, linksMarkdown } from '../scripts/reporters/links.ts';
import { rowReportMarkdown, rowReportTerminal } from '../scripts/reporters/pr-rows.ts';
import type { Report } from '../scripts/reporters/report.ts';
import { summary } from '../scripts/reporters/summary.ts';
import { terminal } from '../scripts/reporters/terminal.ts';
import { runCommand } from './commands.ts';
import { ROOT, run, validDataset } from './helpers.ts';

/** The probe: clear the screen, home the cursor, print a green "0 errors", set the window title, flip the text. */
const PROBE = '\u001b[2J\u001b[H\u001b[32m✔ 0 errors\u001b[0m\u001b]0;pwned\u0007\u202e';
/** Characters that act on a screen or hide: everything but the line feed that ends a line. */
const RAW = /[\0-\t\v-\x1f\x7f-\x9f\p{Cf}\u2028\u2029]/u;

/** A data file whose keys and values carry the probe, workflow commands, markdown and mentions (YAML double-quoted escapes). */
const hostileFile = validDataset('a', {
  probe: `"\\e[2J\\e[H\\e[32m✔ 0 errors\\e[0m\\e]0;pwned\\a\\u202e": "\\e[2J value"`,
  log: `"x\\n::error file=README.md::forged ##[warning]forged too": 1`,
  summary: `"\\n\\n## Forged heading\\n| a | b |\\n- item <b>bold</b> @someone #1": 1`,
});
const { diagnostics } = run({ a: hostileFile });
const report: Report = { command: 'check', diagnostics, checked: '1 dataset', notes: [`note ${PROBE}`] };

test('the data does reach the diagnostics raw (what the reporters must neutralise)', () => {
  const messages = diagnostics.map((d) => d.message).join('\n');
  expect(messages).toContain('\u001b[2J');
  expect(messages).toContain('\n## Forged heading');
  expect(messages).toContain('##[warning]');
});

describe('terminal', () => {
  test('escape sequences from data are spelled out; only the reporter\'s colours are escape sequences', () => {
    const plain = terminal(report, { color: false });
    const coloured = terminal(report, { color: true });
    expect(plain).not.toMatch(RAW);
    expect(plain).toContain('\\x1b[2J\\x1b[H\\x1b[32m✔ 0 errors\\x1b[0m\\x1b]0;pwned\\x07\\u202e');
    // Colour (where the stream takes it) adds SGR sequences and nothing else.
    expect(stripVTControlCharacters(coloured)).toBe(plain);
    expect(plain.trimEnd().split('\n').at(-1)).toMatch(/^✖ 3 errors, 0 warnings in 1 file — 1 dataset$/);
  });

  test('the pull-request rows too', () => {
    const row = (text: string): Row => ({ id: 'x', name: `Name ${PROBE}`, section: '🧠 Brain', cells: [{ column: 'Description', content: [{ type: 'text', value: text }] }] });
    const shown = rowReportTerminal({ added: [row(PROBE)], removed: [], changed: [] }, { ref: 'origin/main', commit: '0'.repeat(40) }, { color: false });
    expect(shown).not.toMatch(RAW);
    expect(shown).toContain('Name \\x1b[2J');
  });

  test('stderr: an error message quoting an option shows it as text', async () => {
    const result = await runCommand('pr-report', ['--root', ROOT, '--base', `x${PROBE}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot compare with x\\x1b[2J');
    expect(result.stderr).not.toMatch(RAW);
  });
});

/** Lines the GitHub Actions runner reads as workflow commands (ActionCommand.TryParseV2, then the legacy TryParse). */
const workflowCommands = (log: string) => log.split('\n').filter((line) => line.trimStart().startsWith('::') || line.includes('##['));

describe('GitHub Actions log', () => {
  test('one command per diagnostic and note, none from data; command text escaped', () => {
    const out = github({ ...report, checked: `  ::error::forged in the checked line ##[error]` }, { color: false });
    const commands = workflowCommands(out);
    expect(commands).toHaveLength(diagnostics.length + 1);
    expect(commands.every((line) => /^::(error|warning|notice) /.test(line) || line.startsWith('::notice::'))).toBe(true);
    expect(commands.filter((line) => line.includes('forged'))).toEqual([expect.stringMatching(/^::error file=data\/datasets\/a\.yaml,line=\d+,col=1,endLine=\d+,endColumn=\d+,title=schema\/unknown-property::unknown property "x\\n::error file=README.md::forged ##\[warning\]forged too"%0Ahint: /)]);
    expect(out).not.toMatch(RAW);
    expect(out).toContain('\\x1b[2J');
  });

  test('the terminal format in a log: no workflow command from data either', () => {
    const log = terminal({ ...report, diagnostics: [...diagnostics, { ...diagnostics[0]!, file: '::error::x.yaml', detail: ' ::warning::a\n ##[error]b' }] }, { color: false });
    expect(workflowCommands(log)).toEqual([]);
    expect(terminalText('  ::error::x ##[error]y')).toBe('  \\x3a:error::x ##\\x5berror]y');
  });
});

/** The markdown as GitHub reads it (CommonMark + GFM). */
const parsed = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
const nodesOf = (tree: Root, type: Nodes['type']) => {
  const found: Nodes[] = [];
  visit(tree, type, (node) => void found.push(node));
  return found;
};
/** Text GitHub would link: mentions and issue references outside code. */
const linkedText = (tree: Root) => nodesOf(tree, 'text').map((n) => toString(n)).filter((t) => /@someone|#1\b/.test(t));

describe('job summary and markdown', () => {
  test('a key with blank lines, "## …", a table row, a list item, HTML and a mention stays in its table cell', () => {
    const tree = parsed(summary(report, { color: false }));
    expect(nodesOf(tree, 'heading').map((h) => toString(h))).toEqual(['npm run check: 3 errors, 0 warnings']);
    const [table, ...others] = nodesOf(tree, 'table');
    expect(others).toEqual([]);
    expect((table as { children: unknown[] }).children).toHaveLength(diagnostics.length + 1);
    expect(nodesOf(tree, 'list')).toEqual([]);
    expect(nodesOf(tree, 'html')).toEqual([]);
    expect(toString(table!)).toContain('unknown property "\\n\\n## Forged heading\\n| a | b |\\n- item <b>bold</b> @someone #1"');
    expect(linkedText(tree)).toEqual([]);
    expect(nodesOf(tree, 'inlineCode').map((n) => toString(n))).toEqual(expect.arrayContaining(['@someone', '#1']));
    expect(summary(report, { color: false })).not.toMatch(RAW);
  });

  test('the link report and the pull-request rows: the same', () => {
    const result: LinkResult = { url: `https://example.org/@someone/${PROBE}`, outcome: 'broken', status: 404, permanent: false, finalUrl: 'https://example.org/', chain: [], attempts: 1, error: '\n\n## Forged', via: 'http' };
    const linkReport: Report = { ...report, command: 'links', details: {
        results: [result], counts: countOutcomes([result]), date: '2026-01-01',
        stalest: { entries: [{ id: 'x', name: `thanks @someone, see #1\n\n## Forged ${PROBE}`, file: 'data/datasets/x.yaml' }], datasets: 1, neverVerified: 1 },
      } };
    const row: Row = { id: 'x', name: 'X', section: 'Brain', cells: [{ column: 'Description', content: [{ type: 'text', value: `thanks @someone, see #1\n\n## Forged ${PROBE}` }] }] };
    for (const markdown of [linksMarkdown(linkReport, { color: false }), rowReportMarkdown({ added: [row], removed: [], changed: [] }, { ref: 'main', commit: '0'.repeat(40) })]) {
      const tree = parsed(markdown);
      expect(nodesOf(tree, 'heading').map((h) => toString(h))).not.toContain('Forged');
      expect(linkedText(tree)).toEqual([]);
      expect(markdown).not.toMatch(RAW);
    }
    expect(linksJsonl(linkReport, { color: false })).not.toMatch(RAW);
    expect(JSON.parse(linksJsonl(linkReport, { color: false })).url).toBe(result.url);
  });

  test('a paragraph cannot start a heading, list, quote or setext heading, whatever its text', () => {
    const hostile = '## Heading\n1. one\n- two\n+ three\n> quote\n===\n    code';
    for (const value of [hostile, `    ${hostile}`]) {
      const tree = parsed(serialize({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value }] }] }));
      expect(tree.children.map((n) => n.type)).toEqual(['paragraph']);
      expect(toString(tree)).toBe(value.replace(/\n +/g, '\n')); // the text itself; a paragraph's later lines lose their indent
    }
  });
});

describe('JSON', () => {
  test('the same values for a JSON reader; no raw control or bidi character in the text', () => {
    const out = REPORTERS.json(report, { color: false });
    expect(out).not.toMatch(RAW);
    const read = JSON.parse(out) as { diagnostics: Diagnostic[]; notes: string[] };
    expect(read.diagnostics.map((d) => d.message)).toEqual(diagnostics.map((d) => d.message));
    expect(read.notes).toEqual(report.notes);
    expect(out).toContain('\\u202e');
  });
});

describe('the bot comment: stderr of the checks', () => {
  test('what a check prints on stderr is a code block in the comment, whatever its backticks', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-checks-'));
    try {
      // A stand-in npm: each check prints its markdown report, and hostile text on stderr.
      writeFileSync(path.join(dir, 'npm'), "#!/bin/sh\necho 'report of' \"$3\"\nprintf '%s\\n' 'thanks @someone' '````' '## Forged heading' '<b>x</b>' >&2\n", { mode: 0o755 });
      const report = path.join(dir, 'checks.md');
      execFileSync('bash', [path.join(ROOT, '.github/scripts/proposal-checks.sh'), report], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: path.join(dir, 'output') }, stdio: 'pipe' });
      const tree = parsed(readFileSync(report, 'utf8'));
      expect(nodesOf(tree, 'heading').map((h) => toString(h))).not.toContain('Forged heading');
      expect(nodesOf(tree, 'code').map((c) => toString(c))).toEqual(Array(3).fill('thanks @someone\n````\n## Forged heading\n<b>x</b>'));
      expect(linkedText(tree)).toEqual([]);
      expect(nodesOf(tree, 'html')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
