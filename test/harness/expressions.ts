/**
 * GitHub Actions expressions (`${{ … }}` and `if:`), evaluated as GitHub documents them:
 * literals, context paths with `.name`, `['name']` and the `.*` object filter, `! < <= > >= ==
 * != && ||` with GitHub's loose, case-insensitive equality, and the functions the workflows may
 * use. Anything else — an unknown function, a stray token — throws, so a workflow the harness
 * cannot read fails loudly instead of being replayed wrongly.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface StatusFunctions {
  success: () => boolean;
  failure: () => boolean;
  cancelled: () => boolean;
}

type Token = { kind: 'number'; value: number } | { kind: 'string'; value: string } | { kind: 'name'; value: string } | { kind: 'op'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const string = /^'((?:[^']|'')*)'/.exec(rest);
    if (string) {
      tokens.push({ kind: 'string', value: string[1]!.replaceAll("''", "'") });
      i += string[0].length;
      continue;
    }
    const number = /^-?(0x[0-9a-f]+|\d+(\.\d+)?(e[+-]?\d+)?)/i.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][\w-]*/.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|&&|\|\||[!<>().,[\]*])/.exec(rest);
    if (!op) throw new Error(`expression: unexpected "${rest.slice(0, 10)}" in ${text}`);
    tokens.push({ kind: 'op', value: op[0] });
    i += op[0].length;
  }
  return tokens;
}

export function truthy(value: Value): boolean {
  return !(value === null || value === false || value === 0 || value === '' || Number.isNaN(value));
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return Number.NaN;
}

/** GitHub's `==`: strings ignore case; different types are compared as numbers; objects by identity. */
function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && (typeof a !== 'object' || a === null)) return a === b;
  if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) return a === b;
  return toNumber(a) === toNumber(b);
}

export function asString(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value, null, 2);
}

export function evaluate(text: string, contexts: Record<string, Value>, status: StatusFunctions): Value {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (value: string) => peek()?.kind === 'op' && peek()!.value === value;
  const expect = (value: string) => {
    if (!isOp(value)) throw new Error(`expression: expected "${value}" in ${text}`);
    pos++;
  };

  const functions: Record<string, (args: Value[]) => Value> = {
    success: () => status.success(),
    failure: () => status.failure(),
    cancelled: () => status.cancelled(),
    always: () => true,
    contains: ([search, item]) =>
      Array.isArray(search) ? search.some((v) => looseEquals(v, item ?? null)) : asString(search ?? null).toLowerCase().includes(asString(item ?? null).toLowerCase()),
    startsWith: ([s, p]) => asString(s ?? null).toLowerCase().startsWith(asString(p ?? null).toLowerCase()),
    endsWith: ([s, p]) => asString(s ?? null).toLowerCase().endsWith(asString(p ?? null).toLowerCase()),
    format: ([f, ...args]) => asString(f ?? null).replace(/\{(\d+)\}/g, (_, i: string) => asString(args[Number(i)] ?? null)),
    join: ([list, sep]) => (Array.isArray(list) ? list.map(asString).join(sep === undefined ? ',' : asString(sep)) : asString(list ?? null)),
    toJSON: ([v]) => JSON.stringify(v ?? null, null, 2),
    fromJSON: ([v]) => JSON.parse(asString(v ?? null)) as Value,
  };

  function primary(): Value {
    const token = peek();
    if (!token) throw new Error(`expression: unexpected end of ${text}`);
    pos++;
    if (token.kind === 'number' || token.kind === 'string') return token.value;
    if (token.kind === 'op' && token.value === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token.kind === 'op' && token.value === '!') return !truthy(unaryOrPath());
    if (token.kind !== 'name') throw new Error(`expression: unexpected "${token.value}" in ${text}`);
    if (token.value === 'true') return true;
    if (token.value === 'false') return false;
    if (token.value === 'null') return null;
    if (isOp('(')) {
      const fn = functions[token.value];
      if (!fn) throw new Error(`expression: the harness has no function ${token.value}() (in ${text})`);
      pos++;
      const args: Value[] = [];
      while (!isOp(')')) {
        args.push(or());
        if (isOp(',')) pos++;
      }
      expect(')');
      return fn(args);
    }
    if (!(token.value in contexts)) throw new Error(`expression: unknown context "${token.value}" in ${text}`);
    return contexts[token.value]!;
  }

  /** Property access after a primary: `.name`, `['name']`, `.*` (every element's property). */
  function unaryOrPath(): Value {
    let value = primary();
    let filtered = false;
    for (;;) {
      if (isOp('.')) {
        pos++;
        const next = peek();
        pos++;
        if (next?.kind === 'op' && next.value === '*') {
          value = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [];
          filtered = true;
          continue;
        }
        if (next?.kind !== 'name') throw new Error(`expression: expected a property name in ${text}`);
        value = property(value, String(next.value), filtered);
      } else if (isOp('[')) {
        pos++;
        const key = or();
        expect(']');
        value = property(value, asString(key), filtered);
      } else {
        return value;
      }
    }
  }

  function property(value: Value, key: string, filtered: boolean): Value {
    if (filtered && Array.isArray(value)) return value.map((v) => property(v, key, false)).filter((v) => v !== null);
    if (Array.isArray(value)) return /^\d+$/.test(key) ? (value[Number(key)] ?? null) : null;
    if (value && typeof value === 'object') {
      const match = Object.keys(value).find((k) => k.toLowerCase() === key.toLowerCase());
      return match === undefined ? null : value[match]!;
    }
    return null;
  }

  function comparison(): Value {
    let left = unaryOrPath();
    for (;;) {
      const token = peek();
      const op = token?.kind === 'op' ? token.value : '';
      if (!['==', '!=', '<', '<=', '>', '>='].includes(op)) return left;
      pos++;
      const right = unaryOrPath();
      if (op === '==') left = looseEquals(left, right);
      else if (op === '!=') left = !looseEquals(left, right);
      else {
        const [a, b] = [toNumber(left), toNumber(right)];
        left = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      }
    }
  }

  function and(): Value {
    let left = comparison();
    while (isOp('&&')) {
      pos++;
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }

  function or(): Value {
    let left = and();
    while (isOp('||')) {
      pos++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  const value = or();
  if (pos !== tokens.length) throw new Error(`expression: unexpected "${peek()!.value}" in ${text}`);
  return value;
}

/** A string with every `${{ … }}` replaced by its value, as GitHub does before a step runs. */
export function interpolate(text: string, contexts: Record<string, Value>, status: StatusFunctions): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => asString(evaluate(expression, contexts, status)));
}

/** An `if:` condition: `${{ }}` optional, and `success() &&` implied unless a status function is named. */
export function condition(text: string | boolean | undefined, contexts: Record<string, Value>, status: StatusFunctions): boolean {
  if (text === undefined) return status.success();
  if (typeof text === 'boolean') return text && status.success();
  const bare = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const named = /\b(success|failure|cancelled|always)\s*\(/.test(bare);
  return truthy(evaluate(named ? bare : `success() && (${bare})`, contexts, status));
}
