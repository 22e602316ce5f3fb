// awesome-lint ships no types; the part of its API the test uses.
declare module 'awesome-lint' {
  interface LintMessage {
    ruleId?: string | null;
    reason: string;
    line?: number | null;
    column?: number | null;
  }
  const lint: (options: { filename: string }) => Promise<{ messages: LintMessage[] }[]>;
  export default lint;
}
