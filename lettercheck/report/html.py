"""One self-contained HTML page for the nightly job: summary counts, charts, a sortable and filterable table.

Self-contained means no external asset and no network at all — the page is opened from a CI artifact, often on
a municipal workstation that blocks the internet, and a report must not phone home with letter contents. CSS,
the charts (inline SVG) and the table script are inline; a Content-Security-Policy forbids every other source.

Rows are written as results arrive; the summary and charts, known only at the end, are written after the table
and moved to the top by CSS (``order: -1``), so the report streams with flat memory like every other format.
Everything from a letter is HTML-escaped and CPR-masked.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date

from lettercheck import __version__, cpr
from lettercheck.model import FileResult, Finding, Severity
from lettercheck.report import Reporter, Summary

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --err: #b3261e; --warn: #9a6700; --info: #0b57d0; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
main { display: flex; flex-direction: column; gap: 1.2rem; padding: 1.2rem 1.6rem; max-width: 1600px; }
header { order: -2; }
header h1 { margin: 0 0 .2rem; font-size: 1.5rem; }
header p { margin: 0; color: #57606a; }
#summary { order: -1; display: flex; flex-direction: column; gap: 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; min-width: 9rem; background: #fff; }
.card .n { display: block; font-size: 1.7rem; font-weight: 600; }
.card .l { color: #57606a; }
.card.error .n { color: var(--err); } .card.warning .n { color: var(--warn); } .card.info .n { color: var(--info); }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; background: #fff; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
.bar { fill: #0969da; }
.controls { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: .4rem 0 .6rem; }
.controls input, .controls select { font: inherit; padding: .25rem .4rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: var(--bg); position: sticky; top: 0; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.path { overflow-wrap: anywhere; min-width: 12rem; max-width: 22rem; }
td.sev { font-weight: 600; } tr.error td.sev { color: var(--err); } tr.warning td.sev { color: var(--warn); }
tr.info td.sev { color: var(--info); }
.snippet { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  white-space: pre-wrap; background: var(--bg); padding: .2rem .35rem; border-radius: 4px; display: block; }
mark { background: #ffd8b5; }
.suggestion { color: #1a7f37; }
.muted { color: #57606a; }
"""

SCRIPT = r"""
(function () {
  var table = document.getElementById('findings-table');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.querySelectorAll('tr.finding'));
  var text = document.getElementById('filter-text');
  var code = document.getElementById('filter-code');
  var sev = document.getElementById('filter-severity');
  var shown = document.getElementById('shown-count');
  var codes = {};
  rows.forEach(function (r) { codes[r.getAttribute('data-code')] = true; });
  Object.keys(codes).sort().forEach(function (c) {
    var o = document.createElement('option'); o.value = c; o.textContent = c; code.appendChild(o);
  });
  function apply() {
    var q = text.value.toLowerCase(), c = code.value, s = sev.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!c || r.getAttribute('data-code') === c) && (!s || r.getAttribute('data-severity') === s) &&
               (!q || r.textContent.toLowerCase().indexOf(q) !== -1);
      r.hidden = !ok; if (ok) { n++; }
    });
    shown.textContent = n;
  }
  [text, code, sev].forEach(function (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); });
  var ths = table.tHead.rows[0].cells;
  function sortBy(i, dir) {
    var th = ths[i];
    Array.prototype.forEach.call(ths, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var numeric = th.getAttribute('data-type') === 'number';
    rows.sort(function (a, b) {
      var x = a.cells[i].getAttribute('data-sort') || a.cells[i].textContent;
      var y = b.cells[i].getAttribute('data-sort') || b.cells[i].textContent;
      if (numeric) { return dir * ((parseFloat(x) || 0) - (parseFloat(y) || 0)); }
      return dir * x.localeCompare(y, 'da');
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(ths, function (th, i) {
    th.addEventListener('click', function () {
      sortBy(i, th.getAttribute('aria-sort') === 'ascending' ? -1 : 1);
    });
  });
  // a view can be shared as a link: report.html#code=LC104&severity=error&filter=aktiv&sort=3:desc
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var i = kv.indexOf('='); if (i < 0) { return; }
    var k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
    if (k === 'filter') { text.value = v; }
    if (k === 'code') { code.value = v; }
    if (k === 'severity') { sev.value = v; }
    if (k === 'sort') { var p = v.split(':'); if (ths[+p[0]]) { sortBy(+p[0], p[1] === 'desc' ? -1 : 1); } }
  });
  apply();
})();
"""

_SEV_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


def _e(text: object) -> str:
    return html.escape(cpr.mask("" if text is None else str(text)), quote=True)


def bar_chart(rows: list[tuple[str, int]], title: str, chart_id: str) -> str:
    """A horizontal bar chart as inline SVG (no script, no library), one bar per row, largest first."""
    rows = sorted(rows, key=lambda r: (-r[1], r[0]))[:25]
    longest = max((min(len(label), 44) for label, _n in rows), default=10)
    label_width = max(120, 7 * longest + 12)  # ~7 px per character at 12 px: labels are never cut off
    bar_h, gap, value_w, bar_w = 18, 6, 48, 320
    height = max(1, len(rows)) * (bar_h + gap) + gap
    width = label_width + bar_w + value_w
    top = max((n for _l, n in rows), default=0) or 1
    parts = [
        f'<figure id="{chart_id}"><figcaption>{_e(title)}</figcaption>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{_e(title)}" viewBox="0 0 {width} {height}">',
    ]
    if not rows:
        parts.append(f'<text x="4" y="{bar_h}">no findings</text>')
    for i, (label, n) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(2, round(bar_w * n / top))
        short = label if len(label) <= 44 else label[:42] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_h - 5}" text-anchor="end"><title>{_e(label)}</title>'
            f"{_e(short)}</text>"
            f'<rect class="bar" x="{label_width}" y="{y}" width="{w}" height="{bar_h}" rx="3"/>'
            f'<text x="{label_width + w + 6}" y="{y + bar_h - 5}">{n}</text>'
        )
    parts.append("</svg></figure>")
    return "".join(parts)


def _snippet(result: FileResult, f: Finding) -> str:
    """The source line with the offending text marked, or the offending text alone."""
    loc = f.location
    line = result.context.get((loc.document, loc.page, loc.line or 0))
    if line is not None and f.text and loc.column is not None:
        col = max(loc.column - 1, 0)
        if line[col : col + len(f.text)] == f.text:
            return (
                f'<span class="snippet">{_e(line[:col])}<mark>{_e(f.text)}</mark>'
                f"{_e(line[col + len(f.text) :])}</span>"
            )
        return f'<span class="snippet">{_e(line)}</span>'
    if f.text:
        return f'<span class="snippet"><mark>{_e(f.text)}</mark></span>'
    return ""


class HtmlReporter(Reporter):
    def start(self) -> None:
        from lettercheck import registry

        self._rules = registry.load_all()
        self._by_type: Counter[str] = Counter()
        self._letters_by_type: Counter[str] = Counter()
        self._rows = 0
        w = self.out.write
        w('<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n')
        w(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n')
        w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        w('<meta name="referrer" content="no-referrer">\n')
        w(f"<title>lettercheck report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n")
        title = self.options.get("title") or "lettercheck report"
        w(
            f"<header><h1>{_e(title)}</h1><p>lettercheck {_e(__version__)} · "
            f"{_e(date.today().isoformat())}</p></header>\n"
        )
        w('<section id="findings"><h2>Findings</h2>\n<div class="controls">')
        w('<label>Filter <input id="filter-text" type="search" placeholder="path, message, text…"></label>')
        w('<label>Rule <select id="filter-code"><option value="">all rules</option></select></label>')
        w(
            '<label>Severity <select id="filter-severity"><option value="">all</option>'
            '<option value="error">error</option><option value="warning">warning</option>'
            '<option value="info">info</option></select></label>'
        )
        w('<span class="muted"><span id="shown-count">0</span> shown</span></div>\n')
        w(
            '<table id="findings-table"><thead><tr><th>File</th><th>Where</th><th>Rule</th>'
            '<th data-type="number">Severity</th><th>Message</th><th>Snippet</th><th>Suggestion</th>'
            "<th>Letter type</th><th>Letter date</th></tr></thead>\n<tbody>\n"
        )

    def file(self, result: FileResult) -> None:
        ltype = result.letter_type or "(unknown)"
        self._letters_by_type[ltype] += 1
        w = self.out.write
        for f in result.findings:
            self._rows += 1
            self._by_type[ltype] += 1
            loc = f.location
            where = []
            if loc.document:
                where.append(loc.document)
            if loc.page is not None:
                where.append(f"p. {loc.page}")
            if loc.line is not None:
                where.append(f"l. {loc.line}" + (f":{loc.column}" if loc.column is not None else ""))
            if loc.xpath:
                where.append(loc.xpath)
            sort_where = f"{loc.document or ''}|{loc.page or 0:06d}|{loc.line or 0:08d}|{loc.column or 0:06d}"
            rule = self._rules.get(f.code)
            sev = str(f.severity)
            w(
                f'<tr class="finding {sev}" data-code="{_e(f.code)}" data-severity="{sev}">'
                f'<td class="path">{_e(result.path)}</td>'
                f'<td data-sort="{_e(sort_where)}">{_e(" · ".join(where))}</td>'
                f'<td title="{_e(rule.name if rule else "")}">{_e(f.code)}</td>'
                f'<td class="sev" data-sort="{_SEV_RANK.get(f.severity, 0)}">{sev}</td>'
                f"<td>{_e(f.message)}</td><td>{_snippet(result, f)}</td>"
                f'<td class="suggestion">{_e(f.suggestion or "")}</td>'
                f"<td>{_e(result.letter_type or '')}</td>"
                f"<td>{_e(result.letter_date.isoformat() if result.letter_date else '')}</td></tr>\n"
            )

    def finish(self, summary: Summary) -> None:
        w = self.out.write
        if not self._rows:
            w('<tr id="no-findings"><td colspan="9">No findings.</td></tr>\n')
        w("</tbody></table></section>\n")
        sev = summary.by_severity
        cards = [
            ("files", "letters checked", summary.files, ""),
            ("files-with-findings", "letters with findings", summary.files_with_findings, ""),
            ("findings", "findings", summary.findings, ""),
            ("errors", "errors", sev.get("error", 0), "error"),
            ("warnings", "warnings", sev.get("warning", 0), "warning"),
            ("infos", "info", sev.get("info", 0), "info"),
        ]
        if summary.baseline is not None:
            cards.append(("baseline-hidden", "known (baseline)", summary.baseline["hidden"], ""))
            cards.append(("baseline-fixed", "fixed since baseline", summary.baseline["fixed_count"], ""))
        w('<section id="summary"><h2>Summary</h2><div class="cards">')
        for key, label, n, cls in cards:
            w(
                f'<div class="card {cls}" id="card-{key}"><span class="n" id="count-{key}">{n}</span>'
                f'<span class="l">{_e(label)}</span></div>'
            )
        w('</div>\n<div class="charts">')
        per_rule = [
            (f"{code} {self._rules[code].name}" if code in self._rules else code, n)
            for code, n in summary.by_code.items()
        ]
        w(bar_chart(per_rule, "Findings per rule", "chart-rules"))
        w(bar_chart(list(self._by_type.items()), "Findings per letter type", "chart-types"))
        w("</div>\n")
        if summary.baseline is not None and summary.baseline["fixed"]:
            w("<details><summary>Baseline entries fixed</summary><ul>")
            for e in summary.baseline["fixed"][:500]:
                w(f"<li>{_e(e['path'])}: {_e(e['code'])} {_e(e['text'])} ×{e['count']}</li>")
            w("</ul></details>\n")
        w("</section>\n</main>\n")
        w(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
