//! The app's stylesheet: one small CSS file inlined in the page, made for a phone in
//! the hand (360 px wide, large touch targets) that also reads well in a desktop window.
//! Logical properties (`margin-inline-start`…) keep Arabic's right-to-left layout right.

/// The CSS.
pub const CSS: &str = r#"
:root { --ink:#1d232a; --muted:#5b6670; --line:#d5dbe0; --bg:#f4f6f7; --accent:#1f5f8b; --ok:#2e7d32; --warn:#b26a00; --bad:#b3261e; }
* { box-sizing: border-box; }
body { margin:0; font-family: "Noto Sans", "DejaVu Sans", system-ui, sans-serif; color:var(--ink); background:var(--bg); }
.app { max-width: 920px; margin: 0 auto; min-height: 100vh; display:flex; flex-direction:column; }
header.top { display:flex; align-items:center; gap:12px; padding:10px 14px; background:var(--accent); color:white; }
header.top h1 { font-size:1.15rem; margin:0; flex:1; }
header.top select { font-size:0.9rem; }
.syncbar { display:flex; flex-wrap:wrap; align-items:center; gap:8px 14px; padding:8px 14px; background:white; border-bottom:1px solid var(--line); font-size:0.92rem; }
.syncbar .status { flex:1; min-width: 200px; }
.syncbar .error { color:var(--bad); width:100%; }
.syncbar .ok { color:var(--ok); }
main { padding: 14px; flex:1; }
h2 { font-size:1.1rem; margin: 6px 0 12px; }
.card { background:white; border:1px solid var(--line); border-radius:8px; padding:12px 14px; margin-bottom:12px; }
.tiles { display:grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap:12px; }
button, .button { font-size:1rem; min-height:44px; padding: 8px 16px; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:white; cursor:pointer; }
button.secondary { background:white; color:var(--accent); }
button:disabled { opacity:0.5; cursor:default; }
label { display:block; font-weight:600; margin: 10px 0 4px; }
input, select, textarea { width:100%; font-size:1rem; min-height:44px; padding:8px 10px; border:1px solid var(--line); border-radius:6px; background:white; }
.row { display:flex; gap:10px; flex-wrap:wrap; }
.row > * { flex: 1 1 140px; }
.muted { color:var(--muted); font-size:0.9rem; }
.source { color:var(--accent); font-size:0.82rem; margin-inline-start: 4px; }
.conflict { color:var(--warn); font-weight:600; }
.error { color:var(--bad); }
.warning { color:var(--warn); font-weight:600; }
.progress { height:8px; background:var(--line); border-radius:4px; overflow:hidden; margin:6px 0; }
.progress > div { height:100%; background:var(--ok); }
table { width:100%; border-collapse:collapse; font-size:0.95rem; }
td, th { text-align:start; padding:6px 4px; border-bottom:1px solid var(--line); vertical-align:top; }
.badge { display:inline-block; padding:2px 8px; border-radius:10px; font-size:0.8rem; background:var(--line); }
.badge.returned { background:#fde2e0; color:var(--bad); }
.badge.submitted { background:#e3eef7; color:var(--accent); }
.actions { display:flex; gap:10px; flex-wrap:wrap; margin-top:14px; }
.subcard { border-top:1px dashed var(--line); padding-top:8px; margin-top:8px; }
button.link { background:none; border:none; color:var(--bad); min-height:32px; padding:4px 0; text-decoration:underline; }
button.small { min-height:36px; padding:4px 10px; margin-inline-end:6px; font-size:0.9rem; }
.card.dropping { outline:3px dashed var(--accent); }
.capture { margin:10px 0; }
.capture .photo { position:relative; display:inline-block; max-width:100%; }
.capture .photo img { display:block; max-width:100%; height:auto; border-radius:4px; }
.capture .photo svg { position:absolute; inset:0; width:100%; height:100%; }
.code-outline { fill:rgba(31,95,139,0.18); stroke:#f9a825; stroke-width:1%; cursor:pointer; vector-effect:non-scaling-stroke; }
button.code { display:block; width:100%; text-align:start; margin-top:6px; word-break:break-all; }
textarea { font-family:inherit; }
tr.hit { background:#fff4d6; }
.cell-label { display:none; color:var(--muted); }
@media (max-width: 600px) {
  table.lines thead { display:none; }
  table.lines tr { display:block; border-bottom:1px solid var(--line); padding:8px 0; }
  table.lines td { display:block; border:none; padding:2px 0; }
  table.lines .cell-label { display:inline; }
  table.lines td select, table.lines td input { margin-top:4px; }
}
.button.secondary { background:white; color:var(--accent); }
label.button { display:inline-flex; align-items:center; width:auto; font-weight:600; margin:0; }
input.hidden-file { position:absolute; width:1px; height:1px; opacity:0; overflow:hidden; }
/* Supervisor screens: a wider page on a desktop; side-by-side queue and detail. */
.app.wide { max-width: 1400px; }
.screen-title { display:flex; align-items:center; gap:12px; flex-wrap:wrap; margin-bottom:8px; }
.screen-title h2 { margin:0; }
.toolbar { display:flex; align-items:center; gap:8px 12px; flex-wrap:wrap; margin-bottom:10px; }
.toolbar label { margin:0; }
.toolbar select { width:auto; }
.notice { background:#e6f4ea; color:var(--ok); border:1px solid #b7dfc0; border-radius:6px; padding:8px 12px; }
.warn { color:var(--warn); }
.split { display:grid; grid-template-columns: minmax(260px, 340px) minmax(0, 1fr); gap:14px; align-items:start; }
ul.queue { list-style:none; margin:0; padding:0; }
ul.queue li { margin-bottom:8px; }
button.entry { display:flex; flex-direction:column; align-items:stretch; gap:2px; width:100%; text-align:start; background:white; color:var(--ink); border:1px solid var(--line); }
button.entry.current { border:2px solid var(--accent); background:#eef5fb; }
.entry-title { display:flex; gap:6px; align-items:baseline; justify-content:space-between; flex-wrap:wrap; }
.badge.seizure_case { background:#f3e8fd; color:#5b2a86; }
.badge.recovered_cache { background:#fdf0e1; color:#7a4100; }
.badge.stock_check { background:#e3eef7; color:var(--accent); }
.badge.priority { background:#fde2e0; color:var(--bad); font-weight:600; }
.pager { display:flex; gap:10px; align-items:center; flex-wrap:wrap; margin-top:6px; }
.entry-head { display:flex; justify-content:space-between; align-items:flex-start; gap:10px; flex-wrap:wrap; }
.entry-head h2 { margin:0; }
h3 { font-size:1rem; margin:16px 0 8px; }
.photos { display:grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap:10px; }
figure.thumb { margin:0; border:1px solid var(--line); border-radius:6px; padding:6px; background:var(--bg); }
figure.thumb img { display:block; width:100%; height:180px; object-fit:contain; background:#222; border-radius:4px; }
figure.thumb .placeholder { height:180px; display:flex; align-items:center; justify-content:center; text-align:center; padding:8px; font-size:0.85rem; color:var(--muted); background:white; border-radius:4px; }
figure.thumb .placeholder.error { color:var(--bad); }
figure.thumb figcaption { font-size:0.85rem; margin-top:4px; display:flex; justify-content:space-between; align-items:center; gap:4px; flex-wrap:wrap; }
button.link-button { background:none; border:none; color:var(--accent); min-height:32px; padding:2px 0; text-decoration:underline; font-size:0.85rem; }
.lightbox { position:fixed; inset:0; background:rgba(0,0,0,0.85); z-index:10; display:flex; flex-direction:column; padding:12px; color:white; }
.lightbox-bar { display:flex; justify-content:space-between; align-items:center; margin-bottom:8px; }
.lightbox img { flex:1; min-height:0; width:100%; object-fit:contain; }
table.facts th { width:34%; font-weight:600; color:var(--muted); }
.table-scroll { overflow-x:auto; max-width:100%; }
.code-card { border:1px solid var(--line); border-radius:6px; padding:8px 10px; margin-bottom:8px; }
.code-card code { word-break:break-all; }
ul.decisions { padding-inline-start:18px; }
blockquote { margin:4px 0; padding:4px 10px; border-inline-start:3px solid var(--line); color:var(--ink); }
section.decision textarea { min-height:72px; }
textarea[aria-invalid="true"] { border-color:var(--bad); }
button.approve { background:var(--ok); border-color:var(--ok); }
button.return { background:white; color:var(--bad); border-color:var(--bad); }
.report-table th, .report-table td { white-space:nowrap; }
.report-table .num { text-align:end; font-variant-numeric: tabular-nums; }
.report-table .total { font-weight:700; }
.report-table td.suppressed { color:var(--muted); font-style:italic; font-weight:400; background:repeating-linear-gradient(135deg, #f4f6f7, #f4f6f7 6px, #eceff1 6px, #eceff1 12px); }
.report-table tfoot th, .report-table tfoot td { border-top:2px solid var(--ink); }
.report-form .row > div { flex: 1 1 150px; }
table.report-table { width:auto; min-width:min(100%, 640px); }
@media (min-width: 761px) {
  /* The decision stays in reach however long the record is. */
  section.decision { position:sticky; bottom:0; z-index:2; box-shadow:0 -4px 12px rgba(0,0,0,0.12); margin-bottom:0; padding:8px 14px; }
  section.decision h3 { margin:0 0 2px; }
  section.decision label { margin:2px 0; font-weight:400; color:var(--muted); }
  section.decision textarea { min-height:48px; }
  section.decision p.muted { margin:2px 0; font-size:0.82rem; }
  section.decision .actions { margin-top:6px; }
}
.tile p { min-height:3em; }
.recon-counts { display:flex; flex-wrap:wrap; gap:6px; }
.badge.matched { background:#e6f4ea; color:var(--ok); }
.badge.missing { background:#fde2e0; color:var(--bad); }
.badge.surplus { background:#fff4d6; color:var(--warn); }
.badge.wrong_location { background:#fff4d6; color:var(--warn); }
.badge.unexpected_lot { background:#f3e8fd; color:#5b2a86; }
.badge.finding { background:#fde2e0; color:var(--bad); }
.recon-table .num { text-align:end; font-variant-numeric: tabular-nums; }
.recon-table tr.subtotal th, .recon-table tr.subtotal td { font-weight:600; background:var(--bg); }
.recon-table tfoot th, .recon-table tfoot td { font-weight:700; border-top:2px solid var(--ink); }
.save-csv .row input { flex: 3 1 260px; }
.save-csv .row button { flex: 0 0 auto; }
.import-form input[type=file] { padding:8px; }
.trace-form .row > div { flex: 1 1 180px; max-width: 420px; }
ul.holders { list-style:none; padding:0; }
ul.holders li { border:1px solid var(--line); border-inline-start:4px solid var(--warn); border-radius:6px; padding:8px 10px; margin-bottom:8px; display:flex; flex-wrap:wrap; gap:8px; align-items:center; justify-content:space-between; }
.request-form { width:100%; }
.trace-table td, .trace-table th { white-space:nowrap; }
button.tab.current { background:var(--accent); color:white; }
.badge.pending { background:#fff4d6; color:var(--warn); }
.badge.granted { background:#e6f4ea; color:var(--ok); }
.badge.refused { background:#fde2e0; color:var(--bad); }
label.choice { display:flex; align-items:center; gap:8px; font-weight:400; margin:4px 0; }
label.choice input { width:auto; min-height:auto; }
ul.matching { list-style:none; padding:0; margin:4px 0 8px; }
@media (max-width: 760px) {
  .split { grid-template-columns: minmax(0, 1fr); }
  .split.has-selection .queue-pane { display:none; }
  .split:not(.has-selection) .detail-pane { display:none; }
}
"#;
