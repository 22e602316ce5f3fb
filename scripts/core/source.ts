/**
 * Turns the raw bytes of a data file into text, or into a located diagnostic when the bytes
 * cannot be data: too large, not UTF-8, or empty.
 */
import { diagnostic, START, type Diagnostic, type Position } from './diagnostic.ts';

/** A dataset entry is a few kilobytes; anything this large is a mistake (or an attack). */
export const MAX_SOURCE_BYTES = 256 * 1024;

export interface SourceFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  bytes: Uint8Array;
}

/** Every file the pipeline reads: the project as text, wherever it came from (disk, a git ref, a test). */
export interface Inputs {
  datasets: readonly SourceFile[];
  vocabularies: SourceFile;
  sections: SourceFile;
  schema: SourceFile;
  readme: SourceFile;
  /** data/rules.yaml: severities and allowed duplicate URLs (optional). */
  rules?: SourceFile | undefined;
  /** docs/rules.md as it is on disk (generated; may not exist yet). */
  rulesDoc?: SourceFile | undefined;
  /** The issue form as it is on disk (generated from the vocabularies). */
  issueForm?: SourceFile | undefined;
  /**
   * Files in the data folder that were not read, each with why (io/files.ts): a FIFO, a link out
   * of the folder, an unreadable file, `x.yml`. Reported with the data's own findings.
   */
  skipped?: readonly Diagnostic[] | undefined;
  /** The issue chooser's configuration as it is on disk (generated: it links to the repository). */
  issueConfig?: SourceFile | undefined;
  /** package.json: `repository` and `homepage` are the one place the project's home is written. */
  packageJson?: SourceFile | undefined;
}

export type Decoded = { text: string; diagnostics: [] } | { text: undefined; diagnostics: Diagnostic[] };

export function decodeSource(source: SourceFile): Decoded {
  const { path: file, bytes } = source;
  if (bytes.length > MAX_SOURCE_BYTES) return failed(tooLarge(file, formatBytes(bytes.length)));
  const badByte = firstInvalidUtf8Byte(bytes);
  if (badByte !== -1) {
    return failed(
      diagnostic('yaml/encoding', {
        file,
        at: positionOfByte(bytes, badByte),
        message: `file is not valid UTF-8 (byte 0x${bytes[badByte]!.toString(16).padStart(2, '0')} at offset ${badByte})`,
        hint: 'save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8)',
      }),
    );
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  const control = NOT_PRINTABLE.exec(text);
  if (control) {
    const code = control[0].codePointAt(0)!;
    return failed(
      diagnostic('yaml/control-character', {
        file,
        at: positionOfIndex(text, control.index),
        message: `the file contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}${CONTROL_NAMES[code] ? ` (${CONTROL_NAMES[code]})` : ''}, which YAML does not allow`,
        hint: 'delete it: control characters are invisible in most editors (search for the regular expression [\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F])',
      }),
    );
  }
  if (isBlank(text)) {
    return failed(
      diagnostic('yaml/empty', {
        file,
        at: START,
        message: 'file holds no data',
        hint: 'start from an existing file in data/datasets/, or delete this one',
      }),
    );
  }
  return { text, diagnostics: [] };
}

/**
 * The one `yaml/too-large` diagnostic, for bytes in hand and for a file on disk that is refused
 * before it is read (io/files.ts): `size` as the user should read it, e.g. "10.0 MB".
 */
export function tooLarge(file: string, size: string): Diagnostic {
  return diagnostic('yaml/too-large', {
    file,
    at: START,
    message: `file is ${size}; a data file may be at most ${formatBytes(MAX_SOURCE_BYTES)}`,
    hint: 'a dataset entry is a few lines of YAML; check that the right file was added',
  });
}

/**
 * What YAML 1.2 does not count as printable (c-printable), among the characters valid UTF-8 can
 * hold: C0 controls but tab, line feed and carriage return; DEL; C1 controls but NEL (U+0085).
 * The `yaml` parser lets them through, and `fix` would then drop or keep them at random, so the
 * file is refused before parsing.
 */
const NOT_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;
const CONTROL_NAMES: Record<number, string> = { 0x00: 'NUL', 0x07: 'BEL', 0x08: 'backspace', 0x1b: 'ESC', 0x7f: 'DEL', 0x9b: 'CSI' };

/** Line and column (in characters) of an index into the text. */
function positionOfIndex(text: string, index: number): Position {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}

function failed(d: Diagnostic): Decoded {
  return { text: undefined, diagnostics: [d] };
}

/** Empty, whitespace only, or comments only. */
function isBlank(text: string): boolean {
  return text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line));
}

/**
 * Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), or -1. Written out because TextDecoder only says *that* a file is
 * broken, and the user needs to know *where*.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += length;
  }
  return -1;
}

/** Line and column of a byte offset; columns count the characters decoded before it. */
function positionOfByte(bytes: Uint8Array, offset: number): Position {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder().decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
