/**
 * GitHub Actions workflow commands: one annotation per diagnostic, shown on the YAML line in
 * the pull request. GitHub shows only 10 annotations of a type per step, so the full report goes
 * to the job summary as well (see summary.ts).
 */
import type { Diagnostic } from '../core/diagnostic.ts';
import type { Reporter } from './report.ts';

/** Message text: `%`, CR and LF would otherwise end or corrupt the command. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Property values additionally must not contain the `:` and `,` that delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

export function annotation(d: Diagnostic): string {
  const properties: [string, string | number | undefined][] = [
    ['file', d.file],
    ['line', d.line],
    ['col', d.column],
    ['endLine', d.endLine],
    ['endColumn', d.endColumn],
    ['title', d.ruleId],
  ];
  const props = properties
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  const body = [d.message, d.hint ? `hint: ${d.hint}` : undefined].filter(Boolean).join('\n');
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(body)}`;
}

export const github: Reporter = (report) =>
  `${[...report.diagnostics.map(annotation), ...(report.notes ?? []).map((note) => `::notice::${escapeData(note)}`), report.checked].join('\n')}\n`;
