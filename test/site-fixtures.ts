/** A dataset record whose text tries every way into a page: markup, quotes, a script end tag, a javascript: URL. */
import type { Dataset } from '../scripts/core/model.ts';

export const HOSTILE = '"\'></script><img src=x onerror="alert(1)"><!--';

export function hostileDataset(base: Dataset): Dataset {
  return {
    ...base,
    id: 'hostile-record',
    name: `Hostile ${HOSTILE} set`,
    aliases: [`<b>alias</b> ${HOSTILE}`],
    description: `A description with </script><img src=x onerror="alert(1)"> and 'quotes' & "double quotes", long enough for any rule.`,
    summary: `Summary </script><svg onload=alert(1)>`,
    labels: '<iframe src="javascript:alert(1)">',
    notes: `Notes ${HOSTILE}`,
    links: { homepage: 'javascript:alert(document.cookie)', paper: 'https://example.org/paper?x="><script>alert(1)</script>' },
    license: { kind: 'custom', name: `Terms ${HOSTILE}`, url: 'javascript:alert(2)' },
    sources: [{ url: 'javascript:alert(3)', supports: ['license'], checked: '2026-01-01', note: `<script>alert(4)</script>` }],
    status: 'active',
    family: `fam ${HOSTILE}`,
    version: `v${HOSTILE}`,
  };
}
