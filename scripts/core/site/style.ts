/**
 * site.css: system fonts (nothing from another origin), light and dark from the reader's
 * `prefers-color-scheme`, every colour pair at least WCAG AA (4.5:1 for text), a focus ring on
 * every control, one column below 48rem. Off-screen entries skip layout (`content-visibility`),
 * which keeps filtering ten thousand entries fast.
 */
export const SITE_CSS = `:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1b1b; --muted: #4f4f4f; --line: #d0d0d0; --panel: #f4f5f7;
  --link: #0a55a3; --focus: #0a55a3; --badge: #e7eef7; --badge-fg: #123a66; --warn-bg: #fff4d6; --warn-fg: #5c3b00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171a; --fg: #e9e9e9; --muted: #b5b5b5; --line: #454a50; --panel: #1f2226;
    --link: #8cc0ff; --focus: #8cc0ff; --badge: #233447; --badge-fg: #d6e6fa; --warn-bg: #3a2e12; --warn-fg: #f5dd9f;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--link); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -100vw; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.site, footer.site { padding: .75rem 1rem; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; align-items: baseline; }
footer.site { border-top: 1px solid var(--line); border-bottom: 0; margin-top: 2rem; color: var(--muted); font-size: .9rem; }
header.site .brand { font-weight: 700; margin: 0; }
header.site nav ul, footer.site ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
.lede, .muted { color: var(--muted); }
.layout { display: grid; gap: 1.5rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 48rem) { .layout { grid-template-columns: 17rem minmax(0, 1fr); } }
.filters { background: var(--panel); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; align-self: start; }
.filters details { border-top: 1px solid var(--line); padding: .25rem 0; }
.filters summary { cursor: pointer; font-weight: 600; padding: .25rem 0; }
.filters fieldset { border: 0; margin: 0; padding: 0; }
.filters ul { list-style: none; margin: 0; padding: 0; max-height: 15rem; overflow-y: auto; }
.filters li label { display: flex; gap: .4rem; align-items: baseline; padding: .1rem 0; cursor: pointer; }
.filters .count { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; padding-right: .25rem; }
.field { margin: .5rem 0; }
.field > label, .range legend { display: block; font-weight: 600; margin-bottom: .2rem; }
input[type=search], input[type=number], select { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--muted); border-radius: .3rem; padding: .3rem .4rem; }
input[type=search] { width: 100%; }
input[type=number] { width: 6rem; }
input[type=checkbox] { width: 1.05rem; height: 1.05rem; accent-color: var(--link); }
button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--muted); border-radius: .3rem; padding: .3rem .7rem; cursor: pointer; }
.results-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; }
.results-bar h2 { margin: 0; }
#status { margin: 0; color: var(--muted); }
.sorter { margin-left: auto; }
.results { list-style: none; margin: .75rem 0; padding: 0; }
.entry { display: block; border-top: 1px solid var(--line); padding: .75rem 0; content-visibility: auto; contain-intrinsic-size: auto 9rem; }
.entry h3 { margin: 0; font-size: 1.1rem; }
.entry p { margin: .2rem 0; }
.tags { display: flex; flex-wrap: wrap; gap: .3rem; padding: 0; margin: .35rem 0; list-style: none; }
.tags li { background: var(--badge); color: var(--badge-fg); border-radius: 1rem; padding: 0 .55rem; font-size: .85rem; }
.note { background: var(--warn-bg); color: var(--warn-fg); border-radius: .3rem; padding: .4rem .6rem; }
dl.facts { display: grid; grid-template-columns: minmax(7rem, max-content) minmax(0, 1fr); gap: .35rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 30rem) { dl.facts { grid-template-columns: minmax(0, 1fr); } dl.facts dd { margin-bottom: .4rem; } }
.links li, .sources li { overflow-wrap: anywhere; margin: .2rem 0; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: .3rem; padding: .6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; }
.cite-head { display: flex; gap: 1rem; align-items: baseline; }
.cite-head h3 { margin: .5rem 0; font-size: 1rem; }
[hidden] { display: none !important; }
`;
