/**
 * An attendance page for instructors, as a self-contained HTML document (no scripts, inline styles), for the LTI
 * session page to serve. Times are shown in UTC (ISO 8601) so that what the page says matches the CSV and API.
 */
import type { AttendanceReport } from './schemas.js';
import { html, pageString } from '../../shared/html.js';

/**
 * Figures another module adds to the page (the attendance module knows nothing of them): `stats` under `title`,
 * and `columns` at the end of each person's row. `key` names a statistic or column (`data-stat` / `data-column`).
 */
export interface PageExtra {
  title: string;
  stats: { key: string; label: string; value: string | number }[];
  columns: { key: string; header: string; /** the cell of one person; undefined shows a dash */ cell(identity: string): string | number | undefined }[];
}

const time = (iso: string | null) => (iso ? html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time>` : '—');

/**
 * Render `report` (GET /api/v1/meetings/{id}/attendance) as an HTML page: the statistics, then one table row
 * per person with status, share, minutes, first join and cycles. All report text is HTML-escaped.
 * @param opts.csvUrl a link to the CSV export, when the caller can serve one to this user
 * @param opts.extra figures from other modules (e.g. analytics/page.ts): a titled list of statistics after the
 *   attendance ones, and columns appended to each person's row (cells looked up by identity; text is escaped)
 * @returns a complete `<!doctype html>` document (UTF-8)
 */
export function renderAttendancePage(report: AttendanceReport, opts: { csvUrl?: string; extra?: PageExtra } = {}): string {
  const st = report.statistics;
  const extra = opts.extra;
  const win = report.window
    ? html`${time(report.window.start)} – ${time(report.window.end)} (${report.window.durationMinutes} min, ${report.window.source === 'scheduled' ? 'scheduled' : 'actual room time'})`
    : 'not started yet';
  const rows = report.people.map(
    (p) => html`<tr data-status="${p.status}">
  <td>${p.name ?? p.identity}${p.role ? html` <small>${p.role}</small>` : ''}</td>
  <td><span class="status ${p.status}">${p.status}</span></td>
  <td class="num">${p.percent} %</td>
  <td class="num">${p.minutes}</td>
  <td>${time(p.firstJoinedAt)}</td>
  <td>${p.cycles.length ? html`<ol>${p.cycles.map((c) => html`<li>${time(c.joinedAt)} → ${c.leftAt ? time(c.leftAt) : 'still here'}</li>`)}</ol>` : '—'}</td>
${extra?.columns.map((col) => html`  <td class="num" data-column="${col.key}">${col.cell(p.identity) ?? '—'}</td>
`)}</tr>
`,
  );
  return pageString(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Attendance · ${report.meeting.title}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: start; padding: .4rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  td.num { text-align: end; font-variant-numeric: tabular-nums; }
  ol { margin: 0; padding-inline-start: 1.2rem; }
  small { color: #59636e; }
  .status { padding: 0 .4rem; border-radius: .3rem; }
  .present { background: #dafbe1; } .late { background: #fff8c5; } .partial { background: #ffebe9; } .absent { background: #eaeef2; }
  dl { display: flex; gap: 1.5rem; flex-wrap: wrap; } dt { color: #59636e; } dd { margin: 0; font-size: 1.3rem; }
</style>
</head>
<body>
<h1>Attendance: ${report.meeting.title}</h1>
<p>${win}${report.final ? '' : html` · <strong>in progress</strong>`}${opts.csvUrl ? html` · <a href="${opts.csvUrl}" download>Download CSV</a>` : ''}</p>
<dl>
  <div><dt>Present</dt><dd>${st.present}</dd></div>
  <div><dt>Late</dt><dd>${st.late}</dd></div>
  <div><dt>Partial</dt><dd>${st.partial}</dd></div>
  <div><dt>Absent</dt><dd>${st.absent}</dd></div>
  <div><dt>Average</dt><dd>${st.averagePercent} %</dd></div>
</dl>
${extra ? html`<h2>${extra.title}</h2>
<dl>
${extra.stats.map((x) => html`  <div><dt>${x.label}</dt><dd data-stat="${x.key}">${x.value}</dd></div>
`)}</dl>
` : ''}<table>
<thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Share</th><th scope="col">Minutes</th><th scope="col">First joined</th><th scope="col">Cycles</th>${extra?.columns.map((col) => html`<th scope="col">${col.header}</th>`)}</tr></thead>
<tbody>
${rows.length ? rows : html`<tr><td colspan="${6 + (extra?.columns.length ?? 0)}">Nobody yet.</td></tr>`}
</tbody>
</table>
<p><small>Present: at least ${report.settings.presentPercent} % and joined within ${report.settings.graceMinutes} min of the start; late: the same share, joined later; partial: at least ${report.settings.partialPercent} %.</small></p>
</body>
</html>
`);
}
