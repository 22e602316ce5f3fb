/**
 * README.md is a hand-written document with generated regions between marker comments:
 *
 *   <!-- BEGIN datasets: generated from data/ by `npm run build`; edit data/, not this -->
 *   …generated…
 *   <!-- END datasets -->
 *
 * Only the text between a pair of markers ever changes; everything else stays byte-for-byte.
 * Markers are found line by line, skipping fenced code blocks (so a marker shown as an example
 * in a code block is not taken for one). Parsing the whole README with remark would work too,
 * but costs seconds once the tables hold thousands of rows.
 */

const BEGIN = /^ {0,3}<!--\s*BEGIN ([a-z0-9-]+)(?::.*?)?\s*-->\s*$/;
const END = /^ {0,3}<!--\s*END ([a-z0-9-]+)\s*-->\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

export interface Region {
  name: string;
  /** Offset just after the BEGIN marker line's text. */
  start: number;
  /** Offset of the END marker line. */
  end: number;
  /** 1-based line of the BEGIN marker. */
  line: number;
}

export interface RegionProblem {
  line: number;
  message: string;
}

export function findRegions(text: string): { regions: Map<string, Region>; problems: RegionProblem[] } {
  const regions = new Map<string, Region>();
  const problems: RegionProblem[] = [];
  let open: { name: string; start: number; line: number } | undefined;
  let fence: { char: string; length: number } | undefined;
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      const closes =
        fenceMatch && fenceMatch[1]![0] === fence.char && fenceMatch[1]!.length >= fence.length && fenceMatch[2]!.trim() === '';
      if (closes) fence = undefined;
      return;
    }
    if (fenceMatch && !(fenceMatch[1]![0] === '`' && fenceMatch[2]!.includes('`'))) {
      fence = { char: fenceMatch[1]![0]!, length: fenceMatch[1]!.length };
      return;
    }
    const begin = BEGIN.exec(line);
    const end = END.exec(line);
    if (begin) {
      if (open) problems.push({ line: index + 1, message: `region "${begin[1]}" begins inside region "${open.name}"` });
      open = { name: begin[1]!, start: lineStart + line.length, line: index + 1 };
    } else if (end) {
      if (!open || open.name !== end[1]) {
        problems.push({ line: index + 1, message: `END ${end[1]} has no matching BEGIN ${end[1]}` });
        return;
      } else if (regions.has(open.name)) {
        problems.push({ line: open.line, message: `region "${open.name}" appears twice` });
      } else {
        regions.set(open.name, { name: open.name, start: open.start, end: lineStart, line: open.line });
      }
      open = undefined;
    }
  });
  if (open) problems.push({ line: open.line, message: `region "${open.name}" has no END marker` });
  return { regions, problems };
}

/**
 * Replaces the bodies of the named regions. Each body is framed by blank lines so markdown
 * parses it on its own. Regions are replaced back to front so earlier offsets stay valid.
 */
export function replaceRegions(text: string, regions: ReadonlyMap<string, Region>, bodies: Record<string, string>): string {
  const targets = [...regions.values()].filter((r) => r.name in bodies).sort((a, b) => b.start - a.start);
  let result = text;
  for (const region of targets) {
    const body = bodies[region.name]!.trimEnd();
    result = `${result.slice(0, region.start)}\n\n${body}${body ? '\n\n' : ''}${result.slice(region.end)}`;
  }
  return result;
}
