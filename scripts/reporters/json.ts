import { tally } from '../core/diagnostic.ts';
import { jsonText } from '../core/text-safety.ts';
import type { Reporter } from './report.ts';

/** Machine output: stable keys, one document; control and bidi characters as \u escapes (jsonText). */
export const json: Reporter = (report) =>
  `${jsonText(JSON.stringify({ command: report.command, checked: report.checked, notes: report.notes ?? [], ...tally(report.diagnostics), diagnostics: report.diagnostics, ...(report.details === undefined ? {} : { details: report.details }) }, null, 2))}\n`;
