/**
 * The one currency of the toolchain: every problem — YAML syntax, schema, cross-record rule,
 * stale README — becomes a Diagnostic located in the file the user must edit.
 */
import { RULES, ruleDocs, type RuleId, type Severity } from './rules/registry.ts';

export type { Severity };

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in characters (UTF-16 code units, as editors count). */
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface Diagnostic extends Position {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  hint?: string;
  /** Multi-line detail shown below the message, e.g. a diff. */
  detail?: string;
  url?: string;
}

export const START: Position = { line: 1, column: 1 };

export interface DiagnosticInit {
  file: string;
  at: Position;
  message: string;
  hint?: string;
  detail?: string;
}

/** Builds a diagnostic whose severity and docs link come from the rule registry. */
export function diagnostic(ruleId: RuleId, init: DiagnosticInit): Diagnostic {
  const rule = RULES[ruleId];
  const result: Diagnostic = {
    ruleId,
    severity: rule.severity,
    message: init.message,
    file: init.file,
    ...init.at,
    url: ruleDocs(ruleId),
  };
  if (init.hint !== undefined) result.hint = init.hint;
  if (init.detail !== undefined) result.detail = init.detail;
  return result;
}

/** Stable order: file, then position, then rule — independent of locale and discovery order. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareCodeUnits(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareCodeUnits(a.ruleId, b.ruleId) ||
    compareCodeUnits(a.message, b.message)
  );
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

/** Locale-free string order (plain UTF-16 code units), so output is the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export interface Tally {
  errors: number;
  warnings: number;
  files: number;
}

export function tally(diagnostics: readonly Diagnostic[]): Tally {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    files: new Set(diagnostics.map((d) => d.file)).size,
  };
}

/** Exit codes shared by every command: 0 clean (warnings allowed), 1 problems, 2 usage/internal. */
export const EXIT = { clean: 0, problems: 1, usage: 2 } as const;

export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  return hasErrors(diagnostics) ? EXIT.problems : EXIT.clean;
}
