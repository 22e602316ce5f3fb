/// <reference lib="dom" />
/**
 * The site's one script (site.js), written here as functions whose source the build emits
 * (`catalogScript`): typed and tested with the rest of the toolchain, shipped without a bundler
 * or framework. Each function is self-contained — it reaches nothing outside its parameters
 * but browser globals — because only its text travels.
 *
 * On the index it reads the catalog data embedded in the page (no fetch: the site works from
 * file://), reads the view from the URL, shows the filter form (hidden without JavaScript,
 * when the page is the full static list), and on every change filters, counts, sorts and
 * replaces the URL. On a dataset page it adds the citation copy buttons.
 */
import { parseState, stateQuery, type Facet, type ViewState } from './state.ts';

/**
 * One dataset as the script needs it, in name order: id, search text (normalised as
 * `searchText`), term indices for organ, modality and task, access and licence-class indices,
 * year and largest size figure (-1 when unknown), and 1 when superseded or withdrawn.
 */
export type CatalogRow = [id: string, text: string, organs: number[], modalities: number[], tasks: number[], access: number, license: number, year: number, size: number, retired: 0 | 1];

export interface CatalogData {
  /** The terms of each filter in display order; rows refer to them by index. */
  facets: Record<Facet, string[]>;
  rows: CatalogRow[];
}

/** Lower case without diacritics: how the index and the query are compared. */
export function searchText(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

interface Helpers {
  parseState: typeof parseState;
  stateQuery: typeof stateQuery;
  searchText: typeof searchText;
}

/** The index's behaviour. `helpers` are the state functions, passed in because only source travels. */
export function runIndex({ parseState, stateQuery, searchText }: Helpers): void {
  const dataElement = document.getElementById('catalog-data');
  const form = document.getElementById('filters') as HTMLFormElement | null;
  const list = document.getElementById('results');
  if (!dataElement || !form || !list) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as CatalogData;
  const facets = ['organ', 'modality', 'task', 'access', 'license'] as const;
  const column = { organ: 2, modality: 3, task: 4, access: 5, license: 6 } as const;
  const rows = data.rows;
  const byId = new Map<string, HTMLElement>();
  for (const element of Array.from(list.children) as HTMLElement[]) byId.set(element.dataset.id ?? '', element);
  const elements = rows.map((row) => byId.get(row[0])!);
  const shown = rows.map(() => true);
  const input = (id: string) => document.getElementById(id) as HTMLInputElement;
  const query = input('q');
  const yearFrom = input('year-from');
  const yearTo = input('year-to');
  const minSize = input('size');
  const lifecycle = input('lifecycle');
  const sort = document.getElementById('sort') as HTMLSelectElement;
  const status = document.getElementById('status')!;
  const empty = document.getElementById('empty')!;
  const more = document.getElementById('more')!;
  const boxes = Array.from(form.querySelectorAll<HTMLInputElement>('input[type=checkbox][data-facet]'));
  const counters = new Map<string, HTMLElement>();
  for (const element of Array.from(document.querySelectorAll<HTMLElement>('[data-count]'))) counters.set(element.dataset.count!, element);
  const termIndex = Object.fromEntries(facets.map((f) => [f, new Map(data.facets[f].map((term, i) => [term, i]))])) as Record<Facet, Map<string, number>>;
  let order = 'name';
  /** Row indices in the order shown. */
  let ranked = rows.map((_, i) => i);
  /**
   * How many matching entries are shown; "Show more" raises it. A catalog of up to a thousand
   * shows every match; beyond that a screenful at a time, so that a filter change re-lays out
   * a hundred entries, not thousands.
   */
  const PAGE = rows.length <= 1000 ? rows.length : 100;
  let limit = PAGE;
  let current: ViewState;

  const number = (element: HTMLInputElement) => (/^\d{1,9}$/.test(element.value.trim()) ? Number(element.value.trim()) : undefined);

  /** The view the controls show. */
  function readControls(): ViewState {
    const terms = { organ: [], modality: [], task: [], access: [], license: [] } as Record<Facet, string[]>;
    for (const box of boxes) if (box.checked) terms[box.dataset.facet as Facet].push(box.value);
    const state: ViewState = { q: query.value.trim(), terms, allLifecycles: lifecycle.checked, sort: sort.value === 'year' || sort.value === 'size' ? sort.value : 'name' };
    const from = number(yearFrom);
    const to = number(yearTo);
    const size = number(minSize);
    if (from !== undefined) state.yearFrom = from;
    if (to !== undefined) state.yearTo = to;
    if (size !== undefined && size > 0) state.minSize = size;
    return state;
  }

  function writeControls(state: ViewState): void {
    query.value = state.q;
    for (const box of boxes) {
      box.checked = state.terms[box.dataset.facet as Facet].includes(box.value);
      // A filter chosen in the URL is shown open, so the reader sees why the list is short.
      if (box.checked) box.closest('details')?.setAttribute('open', '');
    }
    yearFrom.value = state.yearFrom === undefined ? '' : String(state.yearFrom);
    yearTo.value = state.yearTo === undefined ? '' : String(state.yearTo);
    minSize.value = state.minSize === undefined ? '' : String(state.minSize);
    lifecycle.checked = state.allLifecycles;
    sort.value = state.sort;
  }

  function apply(state: ViewState): void {
    if (state.sort !== order) {
      order = state.sort;
      ranked = rows.map((_, i) => i);
      // Rows come in name order, so a stable sort keeps names in order among equals.
      if (order === 'year') ranked.sort((a, b) => rows[b]![7] - rows[a]![7]);
      if (order === 'size') ranked.sort((a, b) => rows[b]![8] - rows[a]![8]);
      list!.append(...ranked.map((i) => elements[i]!));
    }
    const words = searchText(state.q).split(/\s+/).filter(Boolean);
    const selected = facets.map((f) => new Set(state.terms[f].map((t) => termIndex[f].get(t)).filter((i): i is number => i !== undefined)));
    const counts = facets.map((f) => new Array<number>(data.facets[f].length).fill(0));
    let retiredCount = 0;
    let matches = 0;
    for (const i of ranked) {
      const row = rows[i]!;
      let base = true;
      for (const word of words) if (!row[1].includes(word)) { base = false; break; }
      if (base && state.yearFrom !== undefined && !(row[7] >= state.yearFrom)) base = false;
      if (base && state.yearTo !== undefined && !(row[7] !== -1 && row[7] <= state.yearTo)) base = false;
      if (base && state.minSize !== undefined && !(row[8] >= state.minSize)) base = false;
      let failing = -1;
      let failures = 0;
      if (base) {
        for (let f = 0; f < facets.length; f++) {
          const chosen = selected[f]!;
          if (chosen.size === 0) continue;
          const value = row[column[facets[f]!]];
          const hit = typeof value === 'number' ? chosen.has(value) : (value as number[]).some((v) => chosen.has(v));
          if (!hit) {
            failures++;
            failing = f;
          }
        }
      }
      // A value's count is how many datasets the view would show with that value added to its
      // filter: those that pass every other filter.
      if (base && failures <= 1 && (state.allLifecycles || row[9] === 0)) {
        for (let f = 0; f < facets.length; f++) {
          if (failures === 1 && failing !== f) continue;
          const value = row[column[facets[f]!]];
          if (typeof value === 'number') counts[f]![value]!++;
          else for (const v of value as number[]) counts[f]![v]!++;
        }
      }
      if (base && failures === 0 && row[9] === 1) retiredCount++;
      const match = base && failures === 0 && (state.allLifecycles || row[9] === 0);
      if (match) matches++;
      // Beyond `limit` matches, entries wait for "Show more": showing thousands at once costs
      // the browser more than a keystroke may take.
      const show = match && matches <= limit;
      if (shown[i] !== show) {
        shown[i] = show;
        elements[i]!.hidden = !show;
      }
    }
    for (let f = 0; f < facets.length; f++) {
      data.facets[facets[f]!].forEach((term, t) => {
        const counter = counters.get(`${facets[f]}:${term}`);
        const text = String(counts[f]![t]);
        if (counter && counter.textContent !== text) counter.textContent = text;
      });
    }
    const retired = counters.get('lifecycle');
    if (retired) retired.textContent = String(retiredCount);
    status.textContent = matches > limit ? `${matches} of ${rows.length} datasets; the first ${limit} shown` : `${matches} of ${rows.length} datasets`;
    empty.hidden = matches > 0;
    more.hidden = matches <= limit;
  }

  /**
   * The URL follows the view a moment after the list does: history.replaceState costs a few
   * milliseconds in Chromium, a third of a keystroke's response at 10,000 entries, so it waits
   * until the new list has been painted (a few frames), and fast typing writes only the last
   * one. Leaving the page (a dataset link, the back button) writes a pending one first, so
   * coming back shows the view that was left.
   */
  const URL_DELAY_MS = 60;
  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  function writeUrl(): void {
    if (urlTimer === undefined) return;
    clearTimeout(urlTimer);
    urlTimer = undefined;
    try {
      // Replace, not push: the back button leaves the page instead of stepping through keystrokes.
      history.replaceState(history.state, '', `${location.pathname}${stateQuery(current)}${location.hash}`);
    } catch {
      // some browsers refuse to change a file:// URL; the view still works
    }
  }

  function update(): void {
    const state = readControls();
    limit = PAGE;
    current = state;
    apply(state);
    clearTimeout(urlTimer);
    urlTimer = setTimeout(writeUrl, URL_DELAY_MS);
  }

  const state = parseState(location.search);
  for (const f of facets) state.terms[f] = state.terms[f].filter((t) => termIndex[f].has(t));
  writeControls(state);
  for (const element of Array.from(document.querySelectorAll<HTMLElement>('[data-needs-script]'))) element.hidden = false;
  current = state;
  apply(state);
  more.querySelector('button')?.addEventListener('click', () => {
    limit += PAGE;
    apply(current);
  });
  // `input` alone: a checkbox fires `change` too, and one click must filter once.
  form.addEventListener('input', update);
  sort.addEventListener('input', update);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(update, 0));
  window.addEventListener('pagehide', writeUrl);
  list.addEventListener('click', writeUrl, true);
}

/** Copy buttons beside the citations of a dataset page. */
export function runCopyButtons(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-copy]'))) {
    const source = document.getElementById(button.dataset.copy ?? '');
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(source.textContent ?? '').then(
        () => (button.textContent = 'Copied'),
        () => (button.textContent = 'Copy failed: select the text'),
      );
      setTimeout(() => (button.textContent = label), 2000);
    });
  }
}

/** site.js: the functions above as source, run once the page is parsed (the tag is at the end of the body). */
export function catalogScript(): string {
  return `"use strict";
(${runIndex.toString()})({ parseState: (${parseState.toString()}), stateQuery: (${stateQuery.toString()}), searchText: (${searchText.toString()}) });
(${runCopyButtons.toString()})();
`;
}
