/**
 * The site's view state and its URL, the contract the README's links and the tests use:
 *
 *   ?q=<text>&organ=<term>&modality=<term>&task=<term>&access=<term>&license=<class>
 *    &year=<from>-<to>&size=<at least>&lifecycle=all&sort=name|year|size
 *
 * Terms are the canonical keys of data/vocabularies.yaml (licence classes those of
 * core/license-class.ts); several values are comma-separated: OR within a filter, AND across
 * filters. Superseded and withdrawn datasets are hidden unless `lifecycle=all`.
 *
 * These functions run in the browser too: the site's script embeds their source
 * (`Function.prototype.toString`), so each is self-contained — no imports, no module-level
 * names — and the browser and the build read and write the same URLs.
 */

export const FACETS = ['organ', 'modality', 'task', 'access', 'license'] as const;
export type Facet = (typeof FACETS)[number];
export const SORTS = ['name', 'year', 'size'] as const;
export type Sort = (typeof SORTS)[number];

export interface ViewState {
  q: string;
  /** Selected terms per facet, in the order given. */
  terms: Record<Facet, string[]>;
  yearFrom?: number;
  yearTo?: number;
  /** At least this many subjects, images … (the dataset's largest size figure). */
  minSize?: number;
  /** Superseded and withdrawn datasets too. */
  allLifecycles: boolean;
  sort: Sort;
}

/**
 * A query string (`?…`, with or without the `?`) as a view. Lenient, as a link from anywhere
 * must be: unknown parameters and malformed numbers are ignored, values are trimmed, empty
 * values and repeats dropped. Whether a term exists is the page's business (it knows the
 * vocabularies); here a term is any non-empty text.
 */
export function parseState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const list = (name: string) => {
    const values: string[] = [];
    for (const raw of params.getAll(name)) {
      for (const part of raw.split(',')) {
        const value = part.trim();
        if (value !== '' && !values.includes(value)) values.push(value);
      }
    }
    return values;
  };
  const whole = (value: string | undefined) => (value !== undefined && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : undefined);
  const state: ViewState = {
    q: (params.get('q') ?? '').trim(),
    terms: { organ: list('organ'), modality: list('modality'), task: list('task'), access: list('access'), license: list('license') },
    allLifecycles: params.get('lifecycle') === 'all',
    sort: params.get('sort') === 'year' ? 'year' : params.get('sort') === 'size' ? 'size' : 'name',
  };
  const year = /^\s*(\d{4})?\s*(?:-\s*(\d{4})?)?\s*$/.exec(params.get('year') ?? '');
  if (year) {
    const from = whole(year[1]);
    // `year=2018` alone is that one year; `2018-` and `-2020` are open ranges.
    const to = year[0].includes('-') ? whole(year[2]) : from;
    if (from !== undefined) state.yearFrom = from;
    if (to !== undefined) state.yearTo = to;
  }
  const size = whole(params.get('size') ?? undefined);
  if (size !== undefined && size > 0) state.minSize = size;
  return state;
}

/**
 * The query string of a view (`?…`, or '' for the default view), parameters in the contract's
 * order. Commas stay readable (URLSearchParams would write %2C); every other reserved character
 * is percent-encoded.
 */
export function stateQuery(state: ViewState): string {
  const parts: string[] = [];
  const add = (name: string, value: string) => parts.push(`${name}=${encodeURIComponent(value).replace(/%2C/gi, ',')}`);
  if (state.q !== '') add('q', state.q);
  for (const facet of ['organ', 'modality', 'task', 'access', 'license'] as const) {
    // A comma inside a term would read back as two terms; the vocabularies have none.
    if (state.terms[facet].length > 0) add(facet, state.terms[facet].join(','));
  }
  if (state.yearFrom !== undefined || state.yearTo !== undefined) {
    add('year', state.yearFrom !== undefined && state.yearFrom === state.yearTo ? String(state.yearFrom) : `${state.yearFrom ?? ''}-${state.yearTo ?? ''}`);
  }
  if (state.minSize !== undefined) add('size', String(state.minSize));
  if (state.allLifecycles) add('lifecycle', 'all');
  if (state.sort !== 'name') add('sort', state.sort);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** A view with nothing selected but what `changes` says: what the README's links are built from. */
export function viewQuery(changes: Partial<Omit<ViewState, 'terms'>> & { terms?: Partial<Record<Facet, string[]>> }): string {
  const empty = { organ: [], modality: [], task: [], access: [], license: [] };
  return stateQuery({ q: '', allLifecycles: false, sort: 'name', ...changes, terms: { ...empty, ...changes.terms } });
}
