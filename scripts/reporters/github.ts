/**
 * GitHub Actions workflow commands: one annotation per diagnostic, shown on the YAML line in
 * the pull request. GitHub shows only 10 annotations of a type per step, so the full report goes
 * to the job summary as well (see summary.ts).
 *
 * Escaping happens here and only here: `command()` builds every workflow command this reporter
 * prints, its text made visible (text-safety.ts) and then escaped as the runner unescapes it, so
 * no data can end the command, start another line or add a property. The one plain line (what
 * was checked) goes through terminalText, which breaks the runner's command triggers.
 */
import type { Diagnostic } from '../core/diagnostic.ts';
import { terminalText, visible } from '../core/text-safety.ts';
import type { Reporter } from './report.ts';

/** Message text: `%`, CR and LF would otherwise end or corrupt the command. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Property values additionally must not contain the `:` and `,` that delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

type Properties = readonly (readonly [string, string | number | undefined])[];

/**
 * `::name key=value,…::message`. Each line of `lines` is made visible on its own (a data value
 * becomes one line), then the lines are joined with the runner's escaped line break.
 */
export function command(name: 'error' | 'warning' | 'notice', properties: Properties, lines: readonly string[]): string {
  const props = properties
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(visible(String(value)))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(lines.map(visible).join('\n'))}`;
}

export function annotation(d: Diagnostic): string {
  return command(
    d.severity === 'error' ? 'error' : 'warning',
    [
      ['file', d.file],
      ['line', d.line],
      ['col', d.column],
      ['endLine', d.endLine],
      ['endColumn', d.endColumn],
      ['title', d.ruleId],
    ],
    [d.message, ...(d.hint ? [`hint: ${d.hint}`] : [])],
  );
}

export const github: Reporter = (report) =>
  `${[...report.diagnostics.map(annotation), ...(report.notes ?? []).map((note) => command('notice', [], [note])), terminalText(report.checked)].join('\n')}\n`;
