// The site's one stylesheet: readable tables on a phone, the colour key motorsport fans know from
// encyclopedia standings tables, and contrast that passes WCAG AA.
export const STYLES = `
:root { --fg: #1b1f24; --muted: #4a5360; --line: #c9ced6; --link: #0645ad; --bg: #fff; --head: #eaecf0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.site { background: #14213d; color: #fff; padding: .6rem 1rem; }
header.site a { color: #fff; text-decoration: none; font-weight: 700; }
header.site a.login { float: right; font-weight: 400; font-size: .9rem; text-decoration: underline; }
nav.crumbs { font-size: .9rem; padding: .5rem 1rem; color: var(--muted); }
nav.crumbs a { color: var(--link); }
main { padding: 0 1rem 2rem; max-width: 80rem; }
h1 { font-size: 1.6rem; margin: .6rem 0; } h2 { font-size: 1.25rem; margin-top: 1.6rem; }
a { color: var(--link); } a:focus-visible { outline: 3px solid #f9a825; outline-offset: 2px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; max-width: 100%; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); }
td.num, th.num { text-align: center; font-variant-numeric: tabular-nums; }
td.total { font-weight: 700; text-align: center; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.cancelled { color: var(--muted); text-decoration: line-through; }
.badge { display: inline-block; font-size: .8rem; padding: 0 .4rem; border-radius: .6rem; background: #eee; color: #333; text-decoration: none; }
.note { color: var(--muted); font-size: .9rem; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem .8rem; font-size: .85rem; }
ul.legend span { display: inline-block; width: 1.1rem; height: 1.1rem; border: 1px solid var(--line); vertical-align: middle; margin-right: .3rem; }
.p1 { background: #ffffbf; } .p2 { background: #dfdfdf; } .p3 { background: #ffdf9f; }
.points { background: #dfffdf; } .nopoints { background: #cfcfff; } .ret { background: #efcfff; }
.dsq { background: #000; color: #fff; } .dns { background: #fff; } .excluded { background: #f2f2f2; color: #4a5360; }
.dropped { font-style: italic; }
.badge.provisional { background: #fff3bf; color: #5c4400; } .badge.official { background: #d3f9d8; color: #14532d; }
.badge.fastest { background: #e5dbff; color: #3b1f7a; }
.notice { border: 1px solid var(--line); padding: .4rem .8rem; margin: .6rem 0; border-radius: .3rem; }
.notice.error { border-color: #a00000; background: #fff5f5; } .notice.done { border-color: #2b8a3e; background: #ebfbee; }
form.stack { display: grid; gap: .5rem; max-width: 36rem; margin: .5rem 0 1rem; }
form.stack label { display: grid; gap: .15rem; }
form.inline { display: inline; } form.row { display: flex; flex-wrap: wrap; gap: .4rem; align-items: start; }
input, select, textarea, button { font: inherit; } textarea { width: 100%; }
tr.problem { background: #fff5f5; } tr.added td { background: #ebfbee; } tr.removed td { background: #fff5f5; }
.signed-in { float: right; margin: .4rem 0; }
.chart svg, .chart img { max-width: 100%; height: auto; }
figure.chart { margin: .5rem 0 1rem; }
/* Standings keep position and name in view while the rounds scroll past on a narrow screen. */
table.standings { border-collapse: separate; border-spacing: 0; }
table.standings th, table.standings td { border-width: 0 1px 1px 0; }
table.standings tr > :first-child { border-left-width: 1px; }
table.standings thead th { border-top-width: 1px; }
table.standings tr > :first-child { position: sticky; left: 0; z-index: 1; width: 3rem; min-width: 3rem; max-width: 3rem; background: var(--bg); }
table.standings tr > :nth-child(2) { position: sticky; left: 3rem; z-index: 1; background: var(--bg); }
table.standings thead tr > :first-child, table.standings thead tr > :nth-child(2) { background: var(--head); }
.table-title { font-weight: 600; margin: .5rem 0 .25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table.standings thead th:first-child, table.standings thead th:nth-child(2) { background: var(--head); }
tr.dsq-row td { color: var(--muted); } tr.dsq-row td:first-child { font-weight: 700; color: var(--fg); }
aside.summary { border: 1px solid var(--line); border-radius: .3rem; padding: .2rem .9rem; margin: .6rem 0; max-width: 44rem; background: #f8f9fa; }
aside.summary h2 { font-size: 1.05rem; margin: .4rem 0; }
ul.leaders { margin: .2rem 0 .5rem; padding-left: 1.1rem; }
section.headline { border-bottom: 1px solid var(--line); padding-bottom: .4rem; }
.badge.pole { background: #d0ebff; color: #0b3d66; }
form.search { margin: .5rem 0; } form.search input { width: 16rem; max-width: 60vw; }
.flag { font-family: "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", sans-serif; }
.title-race { margin: .4rem 0 .6rem; } ul.needs > li { margin: .2rem 0; }
abbr[title] { text-decoration: none; }
@media (max-width: 40rem) { body { font-size: 15px; } th, td { padding: .2rem .3rem; } main { padding: 0 .5rem 2rem; } table.standings tbody th:nth-child(2) { max-width: 8.5rem; } }
`;
