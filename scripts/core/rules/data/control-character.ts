import { codePoint } from '../../confusable.ts';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { RecordRule } from '../context.ts';

/**
 * Characters no text of the catalog needs and that change what a reader sees: C0 controls but
 * tab and line feed (a line break YAML writes is fine; an escaped carriage return, ESC or BEL is
 * not), DEL, C1 controls, and the bidirectional formatting characters — embeddings and overrides
 * (U+202A–E), isolates (U+2066–9) and the invisible marks (U+200E/F, U+061C), which can reorder
 * what a README, a terminal or a spreadsheet shows. Found by this rule, no exported CSV or JSON
 * of valid data carries one.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const NAMES: Record<string, string> = {
  '\u061C': 'ARABIC LETTER MARK',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, `U+001B, a control character` — never the character itself. */
function described(char: string): string {
  const name = NAMES[char];
  return name ? `${codePoint(char)} ${name}, an invisible bidirectional formatting character` : `${codePoint(char)}, a control character`;
}

/** Calls `found` for every text value holding a forbidden character, with its path (keys of mappings are fixed by the schema). */
function eachForbidden(value: unknown, found: (text: string, path: (string | number)[]) => void, path: (string | number)[] = []): void {
  if (typeof value === 'string') {
    if (FORBIDDEN.test(value)) found(value, [...path]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    path.push(key);
    eachForbidden(item, found, path);
    path.pop();
  }
}

/** `aliases[0]`, `size[0].note` */
const pathText = (path: readonly (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

export const controlCharacter: RecordRule = (records) =>
  records.flatMap(({ source }) => {
    const diagnostics: Diagnostic[] = [];
    eachForbidden(source.value, (text, path) => {
      const found = FORBIDDEN.exec(text)!;
      const offset = [...text.slice(0, found.index)].length + 1;
      diagnostics.push(
        diagnostic('data/control-character', {
          file: source.file,
          at: locate(source, path),
          message: `${pathText(path)} contains ${described(found[0])} (character ${offset} of the text)`,
          hint: 'delete it: retype the text around it, or write it again from a plain-text source',
        }),
      );
    });
    return diagnostics;
  });
