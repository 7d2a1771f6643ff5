// The dashboard page's renderer (plain browser JavaScript, no build step; copied next to the pages
// with the bundled ECharts). It reads window.DASHBOARD, written into the page by build.ts:
//   { page, pages, panels, marts: { 'mart.x': { columns, rows, error } }, generatedAt, root }
// draws the filter bar and every panel, and redraws on each filter change. Each panel element carries
// data-state (ok | empty | missing | error) and data-points, which the browser test reads.
/* global echarts */
(function () {
  'use strict';
  const D = window.DASHBOARD;
  const FONT =
    "'Noto Sans CJK KR', 'Noto Sans KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif";
  const LABELS = {
    date: '기간 · Dates',
    region: '지역 · Region',
    role: '직무 · Role',
    place: '장소 · Place',
    ticker: '종목 · Ticker',
  };
  /** Filters that pick exactly one value (a price chart shows one listing). */
  const SINGLE = { ticker: true };
  /** Axis numbers the Korean way: 4조, 3,000억, 12만. */
  const COMPACT = new Intl.NumberFormat('ko-KR', { notation: 'compact', maximumFractionDigits: 1 });
  const state = {};
  const charts = {};

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) node.append(c);
    return node;
  };

  const asArray = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const compare = (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), 'ko');
  };
  // A year column (year, base_yy, reported_in_base_yy) is a label, not a quantity: no digit grouping.
  const YEAR = /(^|_)(year|yy)$/;
  const show = (v, column = '') => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return YEAR.test(column) ? String(v) : v.toLocaleString('ko-KR');
    const s = String(v);
    // Instants arrive in Asia/Seoul (+09:00): shown as "YYYY-MM-DD HH:MM".
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?\+09:00$/.exec(s);
    return m ? `${m[1]} ${m[2]}` : s;
  };

  /** The rows of a panel's mart as objects, after its fixed `where` and the page's filters. */
  function rowsFor(panel) {
    const mart = D.marts[panel.mart];
    if (!mart || mart.error) return null;
    const idx = Object.fromEntries(mart.columns.map((c, i) => [c, i]));
    let rows = mart.rows.map((r) => {
      const o = {};
      for (const c of mart.columns) o[c] = r[idx[c]];
      return o;
    });
    for (const [col, value] of Object.entries(panel.where))
      rows = rows.filter((r) => r[col] === value);
    for (const [kind, col] of Object.entries(panel.filters)) {
      if (kind === 'date') {
        const from = state.dateFrom;
        const to = state.dateTo;
        rows = rows.filter((r) => {
          const d = r[col] === null ? '' : String(r[col]).slice(0, 10);
          return (!from || d >= from) && (!to || d <= to);
        });
      } else if (state[kind] !== undefined && state[kind] !== '') {
        rows = rows.filter((r) => String(r[col]) === state[kind]);
      }
    }
    if (panel.latest) {
      let max = null;
      for (const r of rows)
        if (r[panel.latest] !== null && (max === null || r[panel.latest] > max))
          max = r[panel.latest];
      rows = rows.filter((r) => r[panel.latest] === max);
    }
    return rows;
  }

  function combine(acc, v) {
    if (v === null || v === undefined || Number.isNaN(Number(v))) return acc;
    const n = Number(v);
    if (!acc) return { sum: n, count: 1, max: n, min: n };
    return {
      sum: acc.sum + n,
      count: acc.count + 1,
      max: Math.max(acc.max, n),
      min: Math.min(acc.min, n),
    };
  }
  function result(acc, agg) {
    if (!acc) return null;
    if (agg === 'avg') return Math.round((acc.sum / acc.count) * 100) / 100;
    return acc[agg];
  }

  /** x values and one series per y (x series value): rows sharing both combine by panel.agg. */
  function seriesOf(panel, rows) {
    const ys = asArray(panel.y);
    const cells = new Map();
    const names = [];
    const totals = new Map();
    for (const r of rows) {
      const x = r[panel.x];
      if (x === null || x === undefined) continue;
      if (!cells.has(x)) cells.set(x, new Map());
      for (const y of ys) {
        const name = panel.series
          ? ys.length > 1
            ? `${r[panel.series]} ${y}`
            : String(r[panel.series])
          : y;
        if (!names.includes(name)) names.push(name);
        const row = cells.get(x);
        row.set(name, combine(row.get(name), r[y]));
        if (r[y] !== null && !Number.isNaN(Number(r[y])))
          totals.set(x, (totals.get(x) || 0) + Number(r[y]));
      }
    }
    let xs = [...cells.keys()];
    const sign = panel.order === 'asc' ? 1 : -1;
    if (panel.sort === 'value')
      xs.sort((a, b) => sign * ((totals.get(a) || 0) - (totals.get(b) || 0)));
    else xs.sort(compare);
    if (panel.limit) xs = xs.slice(0, panel.limit);
    names.sort(compare);
    const series = names.map((name) => ({
      name,
      data: xs.map((x) => result(cells.get(x).get(name), panel.agg)),
    }));
    return { xs, series };
  }

  const base = () => ({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 24, top: 40, bottom: 56, containLabel: true },
  });

  function lineOrBar(panel, rows) {
    const { xs, series } = seriesOf(panel, rows);
    const points = series.reduce((n, s) => n + s.data.filter((v) => v !== null).length, 0);
    const horizontal =
      panel.chart === 'bar' && xs.some((x) => String(x).length > 6) && xs.length > 6;
    const category = { type: 'category', data: xs.map(String), axisLabel: { hideOverlap: true } };
    const value = {
      type: 'value',
      scale: panel.chart === 'line',
      axisLabel: { formatter: (v) => COMPACT.format(v) },
    };
    const option = {
      ...base(),
      legend: { type: 'scroll', top: 0, textStyle: { fontFamily: FONT } },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? { ...category, inverse: true } : value,
      series: series.map((s) => ({
        name: s.name,
        type: panel.chart,
        data: s.data,
        stack: panel.stack ? 'total' : undefined,
        showSymbol: xs.length < 40,
        connectNulls: true,
      })),
    };
    if (panel.chart === 'line' && xs.length > 30)
      option.dataZoom = [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }];
    return { option, points };
  }

  function heatmap(panel, rows) {
    const cells = new Map();
    const totals = new Map();
    const xs = new Set();
    for (const r of rows) {
      const x = r[panel.x];
      const y = r[panel.y];
      if (x === null || y === null) continue;
      xs.add(x);
      const key = `${x}\u0000${y}`;
      cells.set(key, combine(cells.get(key), r[panel.value]));
      if (r[panel.value] !== null) totals.set(y, (totals.get(y) || 0) + Number(r[panel.value]));
    }
    let ys = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
    if (panel.limit) ys = ys.slice(0, panel.limit);
    const xList = [...xs].sort(compare);
    const data = [];
    let min = Infinity;
    let max = -Infinity;
    ys.forEach((y, yi) =>
      xList.forEach((x, xi) => {
        const v = result(cells.get(`${x}\u0000${y}`), panel.agg);
        if (v === null) return;
        min = Math.min(min, v);
        max = Math.max(max, v);
        data.push([xi, yi, v]);
      }),
    );
    const option = {
      ...base(),
      tooltip: {
        position: 'top',
        formatter: (p) => `${ys[p.value[1]]} · ${xList[p.value[0]]}시<br>${show(p.value[2])}`,
      },
      grid: { left: 8, right: 24, top: 16, bottom: 64, containLabel: true },
      xAxis: { type: 'category', data: xList.map((x) => `${x}시`), splitArea: { show: true } },
      yAxis: { type: 'category', data: ys, inverse: true, axisLabel: { fontSize: 11 } },
      visualMap: {
        min: Number.isFinite(min) ? min : 0,
        max: Number.isFinite(max) ? max : 1,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        inRange: { color: ['#f7fbff', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'] },
      },
      series: [{ type: 'heatmap', data, label: { show: false } }],
    };
    return { option, points: data.length, height: Math.max(320, 90 + ys.length * 20) };
  }

  function table(panel, rows) {
    let list = rows.slice();
    if (panel.sort) {
      const sign = panel.order === 'asc' ? 1 : -1;
      list.sort((a, b) => sign * compare(a[panel.sort] ?? '', b[panel.sort] ?? ''));
    }
    if (panel.limit) list = list.slice(0, panel.limit);
    const head = el('tr', {}, ...panel.columns.map((c) => el('th', {}, c)));
    const body = list.map((r) =>
      el('tr', {}, ...panel.columns.map((c) => el('td', { title: show(r[c], c) }, show(r[c], c)))),
    );
    return {
      node: el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)),
      points: list.length,
    };
  }

  function renderPanel(panel) {
    const box = document.getElementById(`panel-${panel.id}`);
    const body = box.querySelector('.body');
    const mart = D.marts[panel.mart];
    if (charts[panel.id]) {
      charts[panel.id].dispose();
      delete charts[panel.id];
    }
    body.replaceChildren();
    body.style.height = '';
    const say = (stateName, text) => {
      box.setAttribute('data-state', stateName);
      box.setAttribute('data-points', '0');
      body.append(el('p', { class: 'note' }, text));
    };
    if (!mart) return say('missing', `No data yet: ${panel.mart} was not read.`);
    if (mart.error) return say(mart.missing ? 'missing' : 'error', mart.error);
    const rows = rowsFor(panel);
    if (rows.length === 0)
      return say(
        'empty',
        mart.rows.length === 0
          ? panel.empty || `No data yet: ${panel.mart} has no rows.`
          : 'No rows match the filters.',
      );
    if (panel.chart === 'table') {
      const { node, points } = table(panel, rows);
      body.classList.add('scroll');
      body.append(node);
      box.setAttribute('data-state', 'ok');
      box.setAttribute('data-points', String(points));
      return;
    }
    const made = panel.chart === 'heatmap' ? heatmap(panel, rows) : lineOrBar(panel, rows);
    body.style.height = `${made.height || 320}px`;
    const chart = echarts.init(body, null, { renderer: 'canvas' });
    chart.setOption(made.option);
    charts[panel.id] = chart;
    box.setAttribute('data-state', made.points > 0 ? 'ok' : 'empty');
    box.setAttribute('data-points', String(made.points));
  }

  function render() {
    for (const p of D.panels) renderPanel(p);
    document.body.setAttribute('data-ready', '1');
  }

  /** Filter controls for the kinds this page's panels declare, with values from their marts. */
  function filterBar() {
    const bar = document.getElementById('filters');
    const kinds = {};
    for (const p of D.panels)
      for (const [kind, col] of Object.entries(p.filters))
        (kinds[kind] ||= []).push([p.mart, col, p.labels[kind]]);
    const names = {};
    const valuesOf = (kind, pairs) => {
      const set = new Set();
      for (const [name, col, labelCol] of pairs) {
        const mart = D.marts[name];
        if (!mart || mart.error) continue;
        const i = mart.columns.indexOf(col);
        const j = labelCol ? mart.columns.indexOf(labelCol) : -1;
        for (const r of mart.rows) {
          if (r[i] === null) continue;
          set.add(String(r[i]));
          if (j >= 0 && r[j] !== null) (names[kind] ||= {})[String(r[i])] = `${r[i]} ${r[j]}`;
        }
      }
      return [...set].sort(compare);
    };
    for (const kind of ['date', 'region', 'role', 'place', 'ticker']) {
      if (!kinds[kind]) continue;
      const values = valuesOf(kind, kinds[kind]);
      if (kind === 'date') {
        const days = values.map((v) => v.slice(0, 10)).sort();
        const from = el('input', { type: 'date', id: 'filter-date-from', value: days[0] || '' });
        const to = el('input', { type: 'date', id: 'filter-date-to', value: days.at(-1) || '' });
        state.dateFrom = from.value;
        state.dateTo = to.value;
        from.addEventListener('change', () => ((state.dateFrom = from.value), render()));
        to.addEventListener('change', () => ((state.dateTo = to.value), render()));
        bar.append(el('label', {}, el('span', {}, LABELS.date), from, el('span', {}, '–'), to));
        continue;
      }
      const select = el('select', { id: `filter-${kind}` });
      if (!SINGLE[kind]) select.append(el('option', { value: '' }, '전체 · All'));
      for (const v of values)
        select.append(el('option', { value: v }, (names[kind] || {})[v] || v));
      state[kind] = SINGLE[kind] ? values[0] || '' : '';
      select.value = state[kind];
      select.addEventListener('change', () => ((state[kind] = select.value), render()));
      bar.append(el('label', {}, el('span', {}, LABELS[kind]), select));
    }
    if (!bar.children.length) bar.remove();
  }

  function layout() {
    const nav = document.getElementById('nav');
    for (const p of D.pages)
      nav.append(el('a', { href: p.file, class: p.id === D.page.id ? 'current' : '' }, p.title));
    const main = document.getElementById('panels');
    if (D.panels.length === 0) {
      main.append(
        el(
          'p',
          { class: 'note no-panels', 'data-state': 'no-panels' },
          D.page.noPanels || 'No data yet: no mart declares a panel for this page.',
        ),
      );
      return;
    }
    for (const p of D.panels) {
      const wide = p.chart === 'heatmap' || p.chart === 'table';
      main.append(
        el(
          'section',
          {
            id: `panel-${p.id}`,
            class: `panel ${wide ? 'wide' : ''}`,
            'data-panel': p.id,
            'data-mart': p.mart,
          },
          el('h2', {}, p.title),
          el('div', { class: 'source' }, p.mart),
          el('div', { class: 'body' }),
        ),
      );
    }
  }

  layout();
  filterBar();
  render();
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
})();
