// Draws an Aggregator report from the JSON in #report-data. Every value from the data reaches the page as a text
// node or a chart label, never as markup, so names such as <script> show as text.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    (children || []).forEach(function (child) {
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function time(seconds) {
    return new Date(seconds * 1000).toISOString().replace('T', ' ').replace('.000Z', 'Z');
  }

  // One formatter for every cell: toLocaleString builds a new one per call, which a table of thousands of rows feels.
  var numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
  function number(value) {
    return typeof value === 'number' ? numberFormat.format(value) : '';
  }

  function heading(text, note) {
    var h = el('h2', null, [text]);
    if (note) { h.appendChild(el('span', 'note', [note])); }
    return h;
  }

  function shown(count, total, noun) {
    return count < total ? 'the ' + number(count) + ' largest of ' + number(total) + ' ' + noun : number(total) + ' ' + noun;
  }

  // A table whose columns sort on a click: kind is 'text', 'num' or 'time' (Unix seconds).
  function table(name, columns, rows) {
    var body = el('tbody');
    var head = el('tr');
    var order = { column: -1, descending: false };
    function fill() {
      while (body.firstChild) { body.removeChild(body.firstChild); }
      rows.forEach(function (row) {
        body.appendChild(el('tr', null, columns.map(function (column, i) {
          var value = row[i];
          var text = column.kind === 'time' ? time(value) : column.kind === 'num' ? number(value) : (value === null ? '' : value);
          return el('td', column.kind === 'text' ? null : 'num', [text]);
        })));
      });
    }
    columns.forEach(function (column, i) {
      var th = el('th', null, [column.label]);
      th.addEventListener('click', function () {
        order.descending = order.column === i ? !order.descending : column.kind !== 'text';
        order.column = i;
        rows.sort(function (a, b) {
          var x = a[i], y = b[i];
          var c = column.kind === 'text' ? String(x).localeCompare(String(y)) : x - y;
          return order.descending ? -c : c;
        });
        Array.prototype.forEach.call(head.children, function (cell, j) {
          cell.setAttribute('aria-sort', j === i ? (order.descending ? 'descending' : 'ascending') : 'none');
        });
        fill();
      });
      head.appendChild(th);
    });
    fill();
    var t = el('table', 'data', [el('thead', null, [head]), body]);
    t.setAttribute('data-table', name);
    return el('div', 'table-wrap', [t]);
  }

  function chartBox(name) {
    var box = el('div', 'chart');
    box.setAttribute('data-chart', name);
    return box;
  }

  // Measured once, before the tables are built: asking the layout after them would make the browser lay them all out.
  var chartWidth = 900;
  function width() {
    return chartWidth;
  }

  // A time chart: xs in Unix seconds, one series per name, the axis in UTC or the data's own zone.
  function timeChart(box, xs, series, points, zone) {
    var opts = {
      width: width(box), height: 260,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), zone || 'Etc/UTC'); },
      scales: { x: { time: true } },
      series: [{}].concat(series.map(function (s, i) {
        return { label: s.label, stroke: palette[i % palette.length], width: 1.5, points: { show: !!points } };
      })),
      axes: [{}, { size: 60 }],
    };
    return new uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), box);
  }

  // Bars over named categories.
  function barChart(box, names, values, label) {
    var xs = names.map(function (_, i) { return i; });
    var opts = {
      width: width(box), height: 220,
      scales: { x: { time: false, range: [-0.5, Math.max(names.length - 0.5, 0.5)] }, y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } } },
      series: [{}, { label: label, stroke: palette[0], fill: 'rgba(31,119,180,0.35)', paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false } }],
      axes: [{ values: function (u, splits) { return splits.map(function (i) { return names[i] === undefined ? '' : names[i]; }); }, splits: function () { return xs; } }, { size: 60 }],
    };
    return new uPlot(opts, [xs, values], box);
  }

  function metric(name, label, value) {
    var card = el('div', 'metric', [el('div', 'value', [number(value)]), el('div', 'label', [label])]);
    card.setAttribute('data-metric', name);
    return card;
  }

  function eventsSection(d, root) {
    var m = d.metrics;
    root.appendChild(el('div', 'metrics', [
      metric('total', 'Total events', m.total), metric('valid', 'Valid', m.valid), metric('skipped', 'Skipped', m.skipped),
      metric('duplicates', 'Duplicates removed', m.duplicates), metric('users', 'Unique users', m.users)]));

    // Trend of events by type, with the user filter.
    var t = d.trend;
    root.appendChild(heading('Events by type', t.count ? 'per ' + (t.bucket / 60) + ' minutes, zero-filled' : 'needs the event records themselves'));
    var select = el('select', null, [el('option', null, ['All users'])]);
    select.id = 'user-filter';
    select.firstChild.value = '';
    Object.keys(t.users).forEach(function (user) {
      var option = el('option', null, [user]);
      option.value = user;
      select.appendChild(option);
    });
    var label = el('label', 'filter', ['User: ', select]);
    root.appendChild(label);
    if (t.usersCapped) { root.appendChild(el('p', 'note', ['The filter lists the busiest users of those followed before the report reached its size limit.'])); }
    var trendBox = chartBox('trend');
    root.appendChild(trendBox);
    var xs = [];
    for (var i = 0; i < t.count; i++) { xs.push(t.start + i * t.bucket); }
    function seriesFor(user) {
      return t.types.map(function (type) {
        if (!user) { return { label: type, values: t.series[type] }; }
        var values = new Array(t.count).fill(0);
        var cells = t.users[user][type] || [];
        for (var j = 0; j < cells.length; j += 2) { values[cells[j]] = cells[j + 1]; }
        return { label: type, values: values };
      });
    }
    if (t.count) {
      var trend = timeChart(trendBox, xs, seriesFor(''));
      select.addEventListener('change', function () {
        trend.setData([xs].concat(seriesFor(select.value).map(function (s) { return s.values; })));
        trendBox.setAttribute('data-user', select.value);
      });
    }

    root.appendChild(heading('Sessions', shown(d.sessions.rows.length, d.sessions.total, 'sessions')));
    root.appendChild(table('sessions', [
      { label: 'User', kind: 'text' }, { label: 'Start', kind: 'time' }, { label: 'End', kind: 'time' }, { label: 'Events', kind: 'num' }],
      d.sessions.rows));

    root.appendChild(heading('Skipped records', number(d.skipped.total) + ' skipped' + (d.skipped.rows.length < d.skipped.total ? ', ' + number(d.skipped.rows.length) + ' listed' : '')));
    var reasons = chartBox('skipped');
    root.appendChild(reasons);
    if (d.skipped.byReason.length) {
      barChart(reasons, d.skipped.byReason.map(function (r) { return r[0]; }), d.skipped.byReason.map(function (r) { return r[1]; }), 'Records');
    }
    root.appendChild(table('skipped', [
      { label: 'File', kind: 'text' }, { label: 'Line', kind: 'num' }, { label: 'Reason', kind: 'text' },
      { label: 'Message', kind: 'text' }, { label: 'Raw', kind: 'text' }], d.skipped.rows));

    root.appendChild(heading('Per user', shown(d.users.rows.length, d.users.total, 'users')));
    root.appendChild(table('users', [
      { label: 'User', kind: 'text' }, { label: 'Events', kind: 'num' }, { label: 'Success', kind: 'num' },
      { label: 'Fail', kind: 'num' }, { label: 'Failure rate', kind: 'num' }, { label: 'Event types', kind: 'text' }], d.users.rows));

    root.appendChild(heading('Per hour', 'zero-filled'));
    var hoursBox = chartBox('hours');
    root.appendChild(hoursBox);
    if (d.hours.length) {
      timeChart(hoursBox, d.hours.map(function (h) { return h[0]; }), [
        { label: 'Total', values: d.hours.map(function (h) { return h[1]; }) },
        { label: 'Success', values: d.hours.map(function (h) { return h[2]; }) },
        { label: 'Fail', values: d.hours.map(function (h) { return h[3]; }) }], true);
    }
  }

  function kwhSection(d, root) {
    d.intervals.forEach(function (block) {
      root.appendChild(heading('kWh per ' + block.interval, block.zone ? 'local time, ' + block.zone : 'UTC'));
      block.meters.forEach(function (meter) {
        root.appendChild(el('h3', null, [meter.meter + ': ' + number(meter.total) + ' kWh, ' + number(meter.zeroPeriods) + ' periods without readings']));
        var box = chartBox('kwh-' + block.interval);
        box.setAttribute('data-meter', meter.meter);
        root.appendChild(box);
        timeChart(box, meter.rows.map(function (r) { return r[0]; }), [{ label: 'kWh', values: meter.rows.map(function (r) { return r[1]; }) }], true, block.zone);
      });
      if (block.meters.length < block.meterCount) {
        root.appendChild(el('p', 'note', ['Charts of the ' + block.meters.length + ' largest of ' + number(block.meterCount) + ' meters.']));
      }
      root.appendChild(table('kwh-' + block.interval, [
        { label: 'Meter', kind: 'text' }, { label: 'kWh', kind: 'num' }, { label: 'Periods without readings', kind: 'num' }],
        block.totals));
    });
  }

  function sensorsSection(d, root) {
    root.appendChild(heading('Sensor files', shown(d.files.length, d.fileCount, 'files') + (d.files.length < d.fileCount ? ' (those that need attention first)' : '')));
    var statusBox = chartBox('statuses');
    root.appendChild(statusBox);
    if (d.statuses.length) {
      barChart(statusBox, d.statuses.map(function (s) { return s[0]; }), d.statuses.map(function (s) { return s[1]; }), 'Files');
    }
    root.appendChild(table('files', [
      { label: 'File', kind: 'text' }, { label: 'Status', kind: 'text' }, { label: 'Rows', kind: 'num' }, { label: 'Errors', kind: 'num' },
      { label: 'Min', kind: 'num' }, { label: 'Max', kind: 'num' }, { label: 'Mean', kind: 'num' }, { label: 'Message', kind: 'text' }],
      d.files.map(function (f) { return [f.name, f.status, f.rows, f.errors, f.min, f.max, f.mean, f.message]; })));
    d.files.filter(function (f) { return f.rowErrors.length; }).forEach(function (f) {
      var details = el('details', 'row-errors', [el('summary', null, [f.name + ': ' + number(f.errors) + ' row errors'])]);
      details.appendChild(table('errors', [{ label: 'Row', kind: 'num' }, { label: 'Reason', kind: 'text' }], f.rowErrors));
      root.appendChild(details);
    });
    root.appendChild(heading('Per sensor', shown(d.sensors.length, d.sensorCount, 'sensors')));
    root.appendChild(d.sensorFigures
      ? table('sensors', [{ label: 'Sensor', kind: 'text' }, { label: 'Readings', kind: 'num' }, { label: 'Min', kind: 'num' },
        { label: 'Max', kind: 'num' }, { label: 'Mean', kind: 'num' }], d.sensors)
      : table('sensors', [{ label: 'Sensor', kind: 'text' }, { label: 'Readings', kind: 'num' }], d.sensors));
  }

  var draw = { events: eventsSection, kwh: kwhSection, sensors: sensorsSection };
  var page = el('main');
  page.appendChild(el('header', null, [el('h1', null, [data.title]), el('p', 'note', ['Made by Aggregator, ' + data.generated])]));
  document.body.appendChild(page);
  chartWidth = Math.max(320, Math.min(1100, page.clientWidth - 40));
  data.sections.forEach(function (section) {
    var root = el('section', 'report-section');
    root.setAttribute('data-section', section.kind);
    page.appendChild(root);
    draw[section.kind](section.data, root);
  });
  if (!data.sections.length) { page.appendChild(el('p', null, ['Nothing to show: no records came in.'])); }
  // When the page was ready, from the start of its navigation: what the benchmark reads.
  document.body.setAttribute('data-drawn-ms', String(Math.round(performance.now())));
  document.body.setAttribute('data-ready', 'true');
})();
