import { github } from './github.ts';
import { json } from './json.ts';
import type { Reporter } from './report.ts';
import { summary } from './summary.ts';
import { terminal } from './terminal.ts';

/** `markdown` is the job summary on its own: for an issue comment or a file. */
export const REPORTERS = { terminal, json, github, markdown: summary } as const satisfies Record<string, Reporter>;
export type Format = keyof typeof REPORTERS;
