/**
 * One self-contained HTML file: CSS and script inline, the run's model embedded as JSON, nothing fetched from the
 * network. Results in the model are already redacted by the engine, like everywhere else.
 */
import { readFileSync } from 'node:fs';
import type { TimelineModel } from './timeline-model.ts';
import { OUTCOMES } from './timeline-model.ts';
import { safeName, safeText } from '../terminal-text.ts';

const CSS = readFileSync(new URL('./app.css', import.meta.url), 'utf8');
const JS = readFileSync(new URL('./app.js', import.meta.url), 'utf8');

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script> must not close the tag or open a comment. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function recapTable(m: TimelineModel): string {
  const cols = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
  const rows = Object.entries(m.recap)
    .map(([h, s]) => `<tr><td>${esc(h)}</td>${cols.map((c) => `<td>${s[c]}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="recap" id="recap"><thead><tr><th>host</th>${cols.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The report opens on what failed: each failed or unreachable host, its task and its message. */
function problemList(m: TimelineModel): string {
  if (m.problems.length === 0) return '';
  // Control characters in a name or message are shown as \xHH, as on the terminal, not passed to the page raw.
  const items = m.problems
    .map(([h, t, o, msg]) => {
      const outcome = OUTCOMES[o] as string;
      const task = m.tasks[t];
      return `<li class="problem" data-host="${esc(m.hosts[h]?.name ?? '')}"><b class="o-${outcome}-text">${outcome}</b> <span class="host">${esc(safeName(m.hosts[h]?.name ?? ''))}</span> · ${esc(safeName(task?.name ?? ''))}${msg ? `<pre>${esc(safeText(msg))}</pre>` : ''}</li>`;
    })
    .join('');
  const n = new Set(m.problems.map(([h]) => h)).size;
  return `<section id="problems"><h2>${n} host${n === 1 ? '' : 's'} failed or unreachable</h2><ul>${items}</ul></section>`;
}

export function renderHtml(m: TimelineModel): string {
  const groups = [...new Set(m.hosts.flatMap((h) => h.groups))].sort();
  const started = new Date(m.startedAt).toISOString().replace('T', ' ').slice(0, 19);
  const secs = ((m.endedAt - m.startedAt) / 1000).toFixed(1);
  const outcomes = OUTCOMES.map((o) => `<label class="legend"><input type="checkbox" data-outcome="${o}" checked><i class="o-${o}"></i>${o}</label>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.title)}</title><style>${CSS}</style></head>
<body>
<header><h1>${esc(m.title)}</h1><span class="meta">started ${started} UTC · ${secs} s · ${m.hosts.length} hosts · ${m.tasks.length} tasks${m.exitCode === undefined ? '' : ` · exit ${m.exitCode}`}</span></header>
<div class="controls">
<label>host <input id="host-filter" type="search" placeholder="filter hosts"></label>
<label>group <select id="group-filter"><option value="">all</option>${groups.map((g) => `<option>${esc(g)}</option>`).join('')}</select></label>
${outcomes}
<span class="legend"><i style="outline:2px dashed #1d232a;outline-offset:-2px"></i> handler</span>
${m.markers.length ? '<span class="legend"><i style="background:#7b2cbf;width:2px"></i> simulator event</span>\n' : ''}<span id="count" class="muted"></span>
</div>
${problemList(m)}
<main><div id="timeline"><div id="axis"></div><div id="lanes"></div></div>
<aside id="detail"><h2>Click a bar</h2><p class="muted">Its task's result appears here (secrets redacted).</p></aside></main>
${recapTable(m)}
<script type="application/json" id="model">${scriptJson(m)}</script>
<script>${JS}</script>
</body></html>
`;
}
