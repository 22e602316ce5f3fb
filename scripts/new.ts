/**
 * npm run new — scaffold a data file. Interactive on a terminal (vocabulary choices with tab
 * completion; aliases accepted and turned into the canonical term), fully scriptable with flags.
 * The file is validated with the whole pipeline (schema, duplicates…) before it is written.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadVocabularies } from './core/config.ts';
import { hasErrors } from './core/diagnostic.ts';
import { gather, InputError, type Asker } from './core/scaffold.ts';
import { command, COMMON_OPTIONS, emit, formatOf } from './app/cli.ts';
import { removeLeftovers } from './app/project.ts';
import { readInputs, writeFileAtomic } from './io/files.ts';
import { proposeRecord } from './pipeline.ts';

const USAGE = `Usage: npm run new -- [options]

Creates data/datasets/<id>.yaml. On a terminal it asks for what the flags do not give; with
--yes (or without a terminal) every required field must come from flags.

Required: --name, --organ, --task, --modality, --size, --labels, --description, --homepage,
          --license, --access
Options:
  --id <id>             file name and id (default: from the name, e.g. "BraTS 2021" → brats-2021)
  --name <text>         short name readers know it by
  --organ <term>        repeatable; the first decides the README section
  --task <term>         repeatable
  --modality <term>     repeatable; sub-types after a colon: --modality "MRI:T1,T2,FLAIR"
  --size <n unit>       repeatable, e.g. --size "1204 scans" (units: subjects, patients, scans,
                        studies, images, slides, volumes); prefix ~ for approximate, > for a lower bound
  --labels <text>       what is annotated
  --description <text>  one or two sentences in your own words
  --summary <text>      the README row's one line (at most 120 characters); needed when
                        the description is longer
  --homepage <url>      --download, --paper, --code <url> optional
  --year <yyyy>         optional
  --license <id>        SPDX id, "unknown", or "custom:<name of the terms>"
  --access <term>       open, registration, agreement, credentialed or unknown
  --license-source <url>  the page that states the licence (needed unless it is "unknown")
  --access-source <url>   the page that says how to get the data, if not the licence source
  --yes                 never ask; fail if something required is missing
  --format <name>       terminal (default), json, or github
  --root <dir>          repository root (default: .)
  -h, --help            show this help
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  id: { type: 'string' },
  name: { type: 'string' },
  organ: { type: 'string', multiple: true },
  task: { type: 'string', multiple: true },
  modality: { type: 'string', multiple: true },
  size: { type: 'string', multiple: true },
  labels: { type: 'string' },
  description: { type: 'string' },
  summary: { type: 'string' },
  homepage: { type: 'string' },
  download: { type: 'string' },
  paper: { type: 'string' },
  code: { type: 'string' },
  year: { type: 'string' },
  license: { type: 'string' },
  access: { type: 'string' },
  'license-source': { type: 'string' },
  'access-source': { type: 'string' },
  yes: { type: 'boolean', default: false },
} as const;

function terminalAsker(): { ask: Asker; close: () => void } {
  let choices: readonly string[] = [];
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    completer: (line: string): [string[], string] => {
      const last = line.split(/[,;|]\s*/).pop() ?? '';
      const hits = choices.filter((c) => c.toLowerCase().startsWith(last.toLowerCase()));
      return [hits.length ? hits : [...choices], last];
    },
  });
  return {
    ask: async (question, options) => {
      choices = options ?? [];
      const hint = options && options.length ? `\n  choices: ${options.join(', ')} (Tab completes)` : '';
      return rl.question(`${question}${hint}\n> `);
    },
    close: () => rl.close(),
  };
}

await command(USAGE, OPTIONS, async (values) => {
  const format = formatOf(values.format);
  const inputs = readInputs(values.root);
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  if (!vocabularies) throw new InputError('data/vocabularies.yaml is invalid; run npm run check');
  const interactive = !values.yes && Boolean(process.stdin.isTTY);
  const terminal = interactive ? terminalAsker() : undefined;
  let record;
  try {
    record = await gather(values, vocabularies, terminal?.ask);
  } finally {
    terminal?.close();
  }
  const proposal = proposeRecord(inputs, record);
  const file = proposal.file;
  if (existsSync(path.join(values.root, file))) throw new InputError(`${file} already exists; choose another --id or edit that file`);
  if (hasErrors(proposal.diagnostics) || proposal.text === undefined) {
    return emit({ command: 'new', diagnostics: proposal.diagnostics, checked: `${file} not written: fix the values above and run again` }, format);
  }
  const notes = removeLeftovers(values.root);
  await writeFileAtomic(path.join(values.root, file), proposal.text);
  return emit(
    {
      command: 'new',
      notes,
      diagnostics: proposal.diagnostics,
      checked: `created ${file}\nnext: check the facts against the dataset's official pages, run \`npm run check\`, and commit only data/: README.md is regenerated from data/ after merge (\`npm run build\` previews it)`,
    },
    format,
  );
});
