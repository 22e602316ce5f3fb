/**
 * What every command shares: option parsing, the output format, where the report goes, and the
 * exit code (0 clean, 1 problems found, 2 usage or internal error). Bad input never reaches
 * here as an exception — only bugs and unreadable project files do, and those exit 2 without
 * a stack trace unless DEBUG is set.
 */
import { appendFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, exitCodeFor } from '../core/diagnostic.ts';
import { REPORTERS, type Format } from '../reporters/index.ts';
import type { Report, Reporter } from '../reporters/report.ts';
import { summary } from '../reporters/summary.ts';
import { InputError } from '../core/scaffold.ts';
import { terminalLines, terminalText } from '../core/text-safety.ts';

export class UsageError extends Error {}

/** The usage lines of the options every command shares. */
export const COMMON_USAGE = `  --format <name>  terminal (default), json, github (annotations + job summary), or markdown
  --root <dir>     repository root (default: .)
  -h, --help       show this help`;

export const COMMON_OPTIONS = {
  format: { type: 'string', default: 'terminal' },
  root: { type: 'string', default: '.' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Parses options strictly; positional arguments only where the command takes files. */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, takesFiles = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: takesFiles });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function formatOf(value: string): Format {
  if (value in REPORTERS) return value as Format;
  throw new UsageError(`unknown --format "${value}"; expected one of ${Object.keys(REPORTERS).join(', ')}`);
}

/** Colour only for the terminal format on a terminal, and never with NO_COLOR. */
export function colorFor(format: string): boolean {
  return format === 'terminal' && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

/** Prints the report, appends the job summary on GitHub, and returns the exit code. */
export async function emit<F extends string = Format>(report: Report, format: F, reporters: Record<F, Reporter> = REPORTERS as unknown as Record<F, Reporter>): Promise<number> {
  process.stdout.write(reporters[format](report, { color: colorFor(format) }));
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (format === 'github' && summaryFile) await appendFile(summaryFile, summary(report, { color: false }));
  return exitCodeFor(report.diagnostics);
}

/**
 * The shape of every command: parse the options (positionals only where the command takes
 * files), answer --help with the usage text, run, and turn whatever happens into an exit code.
 */
export async function command<O extends NonNullable<ParseArgsConfig['options']>>(
  usage: string,
  options: O,
  main: (values: ReturnType<typeof parseOptions<O>>['values'], positionals: string[]) => Promise<number>,
  takesFiles = false,
): Promise<void> {
  await runCommand(usage, async (args) => {
    const { values, positionals } = parseOptions(args, options, takesFiles);
    if ((values as { help?: boolean }).help) {
      process.stdout.write(usage);
      return 0;
    }
    return main(values, positionals);
  });
}

/** Runs a command's main function and turns whatever happens into an exit code. */
export async function runCommand(usage: string, main: (args: string[]) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    // Messages can quote options, file names and data: shown as terminal text.
    const message = terminalLines(String((error as Error | undefined)?.message ?? error));
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${message}\n\n${usage}`);
    } else if (error instanceof InputError) {
      process.stderr.write(`error: ${message}\n`);
    } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`error: cannot read ${terminalText(String((error as NodeJS.ErrnoException).path))}: no such file or directory\nhint: run the command from the repository root, or pass --root <dir>\n`);
    } else {
      process.stderr.write(`internal error: ${message}\nplease report it with the command you ran${process.env.DEBUG ? `\n${(error as Error).stack}` : ' (set DEBUG=1 for details)'}\n`);
    }
    process.exitCode = EXIT.usage;
  }
}
