import { github } from './github.ts';
import { json } from './json.ts';
import type { Reporter } from './report.ts';
import { terminal } from './terminal.ts';

export const REPORTERS = { terminal, json, github } as const satisfies Record<string, Reporter>;
export type Format = keyof typeof REPORTERS;
