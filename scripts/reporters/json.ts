import { tally } from '../core/diagnostic.ts';
import type { Reporter } from './report.ts';

/** Machine output: stable keys, one document. */
export const json: Reporter = (report) =>
  `${JSON.stringify({ command: report.command, checked: report.checked, notes: report.notes ?? [], ...tally(report.diagnostics), diagnostics: report.diagnostics, ...(report.details === undefined ? {} : { details: report.details }) }, null, 2)}\n`;
