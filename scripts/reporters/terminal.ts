/**
 * Human output: problems grouped by file, with position, rule id, hint and detail. Every text
 * that can hold data goes through terminalText; only the colours added here reach the terminal
 * as escape sequences.
 */
import { styleText } from 'node:util';
import { tally } from '../core/diagnostic.ts';
import { terminalText } from '../core/text-safety.ts';
import type { Reporter } from './report.ts';

type Style = Parameters<typeof styleText>[0];

export const terminal: Reporter = (report, { color }) => {
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const d of report.diagnostics) {
    if (d.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      lines.push(paint('underline', terminalText(d.file)));
      currentFile = d.file;
    }
    const where = `${d.line}:${d.column}`.padEnd(7);
    const severity = d.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning');
    lines.push(`  ${paint('dim', where)} ${severity}  ${terminalText(d.message)}  ${paint('dim', d.ruleId)}`);
    if (d.hint) lines.push(`  ${' '.repeat(7)} ${' '.repeat(9)}${paint('cyan', `hint: ${terminalText(d.hint)}`)}`);
    if (d.detail) {
      for (const line of d.detail.split('\n')) {
        const style: Style = line.startsWith('+') ? 'green' : line.startsWith('-') ? 'red' : 'dim';
        lines.push(`      ${paint(style, terminalText(line))}`);
      }
    }
  }
  const { errors, warnings, files } = tally(report.diagnostics);
  if (lines.length > 0) lines.push('');
  for (const note of report.notes ?? []) lines.push(`${paint('cyan', 'ℹ')} ${terminalText(note)}`);
  if (errors + warnings === 0) {
    lines.push(`${paint('green', '✔')} ${terminalText(report.checked)}`);
  } else {
    const mark = errors > 0 ? paint('red', '✖') : paint('yellow', '⚠');
    const counts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
    lines.push(`${mark} ${counts.join(', ')} in ${files} file${files === 1 ? '' : 's'} — ${terminalText(report.checked)}`);
  }
  return `${lines.join('\n')}\n`;
};
