import type { Diagnostic } from '../core/diagnostic.ts';

/** What every reporter receives: the findings and a one-line account of what was checked. */
export interface Report {
  command: string;
  diagnostics: readonly Diagnostic[];
  /** e.g. "21 datasets in 4 sections; README.md up to date". */
  checked: string;
  /** Facts worth one line each that are not problems, e.g. "README.md will be regenerated after merge". */
  notes?: readonly string[];
  /** A command's own results for machine output (--format json), e.g. the rows of npm run pr-report. */
  details?: unknown;
}

export type Reporter = (report: Report, options: { color: boolean }) => string;
