// The service's pages: an upload form with a live file list, and a file's detail page. Values from the API reach the
// page as text nodes only.
(function () {
  'use strict';
  var finished = { processed: true, partial: true, failed: true };

  function cell(text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) { td.className = className; }
    return td;
  }

  function fill(tbody, rows) {
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    });
  }

  function indexPage() {
    var tbody = document.querySelector('#file-list tbody');
    var status = document.getElementById('upload-status');
    function refresh() {
      return getJson('/files').then(function (files) {
        fill(tbody, files.map(function (f) {
          var tr = document.createElement('tr');
          tr.setAttribute('data-file-id', f.file_id);
          var name = document.createElement('td');
          var link = document.createElement('a');
          link.href = '/ui/files/' + encodeURIComponent(f.file_id);
          link.textContent = f.name;
          name.appendChild(link);
          tr.appendChild(name);
          tr.appendChild(cell(f.status, 'status status-' + f.status));
          tr.appendChild(cell(f.aggregates ? f.aggregates.row_count : ''));
          tr.appendChild(cell(f.error_count === undefined ? '' : f.error_count));
          tr.appendChild(cell(f.uploaded_at));
          tr.appendChild(cell(f.processed_at));
          return tr;
        }));
        document.body.setAttribute('data-files', String(files.length));
      }).catch(function (e) { status.textContent = e.message; });
    }
    document.getElementById('upload').addEventListener('submit', function (event) {
      event.preventDefault();
      var input = document.getElementById('files');
      if (!input.files.length) { status.textContent = 'Choose one or more files.'; return; }
      var form = new FormData();
      Array.prototype.forEach.call(input.files, function (file) { form.append('file', file, file.name); });
      status.textContent = 'Uploading...';
      fetch('/files', { method: 'POST', body: form }).then(function (r) {
        return r.json().then(function (body) {
          status.textContent = r.ok ? body.files.length + ' file(s) accepted' : body.error;
          input.value = '';
          return refresh();
        });
      }).catch(function (e) { status.textContent = e.message; });
    });
    refresh();
    setInterval(refresh, 1000);
  }

  function filePage() {
    var id = decodeURIComponent(location.pathname.split('/').pop());
    function fact(list, label, value) {
      var dt = document.createElement('dt');
      dt.textContent = label;
      var dd = document.createElement('dd');
      dd.textContent = value === null || value === undefined ? '' : String(value);
      dd.setAttribute('data-fact', label);
      list.appendChild(dt);
      list.appendChild(dd);
    }
    function load() {
      getJson('/files/' + encodeURIComponent(id)).then(function (f) {
        document.getElementById('file-name').textContent = f.name;
        var facts = document.getElementById('file-facts');
        while (facts.firstChild) { facts.removeChild(facts.firstChild); }
        var a = f.aggregates || {};
        fact(facts, 'File id', f.file_id);
        fact(facts, 'Status', f.status);
        fact(facts, 'Message', f.message);
        fact(facts, 'Uploaded', f.uploaded_at);
        fact(facts, 'Processed', f.processed_at);
        fact(facts, 'Processing ms', f.processing_ms);
        fact(facts, 'Rows', a.row_count);
        fact(facts, 'Min', a.min_value);
        fact(facts, 'Max', a.max_value);
        fact(facts, 'Mean', a.mean_value);
        fill(document.querySelector('#per-sensor tbody'), Object.keys(a.per_sensor_count || {}).map(function (sensor) {
          var tr = document.createElement('tr');
          tr.appendChild(cell(sensor));
          tr.appendChild(cell(a.per_sensor_count[sensor]));
          return tr;
        }));
        fill(document.querySelector('#row-errors tbody'), (f.errors || []).map(function (e) {
          var tr = document.createElement('tr');
          tr.appendChild(cell(e.row_number));
          tr.appendChild(cell(e.reason));
          return tr;
        }));
        document.body.setAttribute('data-status', f.status);
        if (!finished[f.status]) { setTimeout(load, 1000); }
      }).catch(function (e) { document.getElementById('file-name').textContent = e.message; });
    }
    load();
  }

  if (document.body.getAttribute('data-page') === 'index') { indexPage(); } else { filePage(); }
})();
