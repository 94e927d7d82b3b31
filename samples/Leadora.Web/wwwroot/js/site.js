// Leadora web UI: live progress over Server-Sent Events, results refreshed in place, table filters, local times.
'use strict';

(function () {
  const TERMINAL = ['completed', 'completed_with_warnings', 'failed', 'cancelled'];
  const STATUS_LABELS = {
    pending: 'Queued', running: 'Running', completed: 'Completed',
    completed_with_warnings: 'Completed with warnings', failed: 'Failed', cancelled: 'Cancelled'
  };
  const PHASE_LABELS = {
    pending: 'Waiting', running: 'Running', completed: 'Done',
    completed_with_warnings: 'Done with warnings', failed: 'Failed', cancelled: 'Cancelled'
  };

  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      const date = new Date(el.getAttribute('datetime'));
      if (isNaN(date)) { return; }
      el.title = el.textContent;
      el.textContent = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    });
  }

  function setBar(bar, percent) {
    if (!bar) { return; }
    const value = Math.max(0, Math.min(100, Number(percent) || 0));
    const fill = bar.querySelector('.fill');
    if (fill) { fill.style.width = value + '%'; }
    bar.setAttribute('aria-valuenow', String(Math.round(value)));
  }

  function initBars(root) {
    root.querySelectorAll('[role=progressbar]').forEach(function (bar) {
      const fill = bar.querySelector('.fill[data-percent]');
      if (fill) { setBar(bar, fill.dataset.percent); }
    });
  }

  function setStatusClass(el, status) {
    Array.from(el.classList).filter(function (c) { return c.indexOf('status-') === 0; })
      .forEach(function (c) { el.classList.remove(c); });
    el.classList.add('status-' + status);
  }

  function applyCounts(counts) {
    if (!counts) { return; }
    document.querySelectorAll('[data-count]').forEach(function (el) {
      const value = counts[el.dataset.count];
      if (typeof value === 'boolean') { el.textContent = value ? 'Ready' : '—'; }
      else if (typeof value === 'number') { el.textContent = value.toLocaleString(); }
    });
  }

  function applyProgress(progress, head) {
    const overall = document.querySelector('[data-overall]');
    setBar(overall, progress.overall);
    const text = document.querySelector('[data-overall-text]');
    if (text) { text.textContent = Math.round(progress.overall) + '%'; }
    (progress.phases || []).forEach(function (phase) {
      const el = document.querySelector('[data-phase="' + phase.phase + '"]');
      if (!el) { return; }
      setBar(el.querySelector('[role=progressbar]'), phase.percent);
      setStatusClass(el, phase.status);
      const status = el.querySelector('[data-phase-status]');
      if (status) { status.textContent = PHASE_LABELS[phase.status] || phase.status; }
      const units = el.querySelector('[data-phase-units]');
      if (units) { units.textContent = phase.completedUnits + ' / ' + phase.totalUnits + ' units'; }
    });
    applyCounts(progress.counts);
    const badge = document.querySelector('[data-status-badge]');
    if (badge) {
      badge.textContent = STATUS_LABELS[progress.status] || progress.status;
      setStatusClass(badge, progress.status);
    }
    if (head) { head.dataset.status = progress.status; }
  }

  // Filters: each [data-filter-table] bar filters the rows of its table by persona, country and text.
  function initFilters(root) {
    root.querySelectorAll('[data-filter-table]').forEach(function (bar) {
      const table = document.getElementById(bar.dataset.filterTable);
      if (!table) { return; }
      const persona = bar.querySelector('[data-filter=persona]');
      const country = bar.querySelector('[data-filter=country]');
      const text = bar.querySelector('[data-filter=text]');
      const count = bar.querySelector('[data-filter-count]');
      function apply() {
        const rows = table.tBodies[0] ? Array.from(table.tBodies[0].rows) : [];
        const needle = (text && text.value || '').trim().toLowerCase();
        let shown = 0;
        rows.forEach(function (row) {
          const visible = (!persona || !persona.value || row.dataset.persona === persona.value)
            && (!country || !country.value || row.dataset.country === country.value)
            && (!needle || (row.dataset.text || '').indexOf(needle) >= 0);
          row.hidden = !visible;
          if (visible) { shown++; }
        });
        if (count) { count.textContent = 'Showing ' + shown + ' of ' + rows.length; }
      }
      [persona, country, text].forEach(function (input) {
        if (input) { input.addEventListener('input', apply); input.addEventListener('change', apply); }
      });
      apply();
    });
  }

  function filterState(root) {
    const state = {};
    root.querySelectorAll('[data-filter-table]').forEach(function (bar) {
      bar.querySelectorAll('[data-filter]').forEach(function (input) {
        state[bar.dataset.filterTable + ':' + input.dataset.filter] = input.value;
      });
    });
    return state;
  }

  function restoreFilters(root, state) {
    root.querySelectorAll('[data-filter-table]').forEach(function (bar) {
      bar.querySelectorAll('[data-filter]').forEach(function (input) {
        const value = state[bar.dataset.filterTable + ':' + input.dataset.filter];
        if (value !== undefined) { input.value = value; }
      });
    });
  }

  // Results are rendered on the server; as events report new results the page fetches the fragment and swaps it in.
  function resultsRefresher(head) {
    const target = document.querySelector('[data-results]');
    let timer = null;
    let running = false;
    let again = false;
    async function refresh() {
      if (!target) { return; }
      if (running) { again = true; return; }
      running = true;
      try {
        const response = await fetch(head.dataset.fragment, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
        if (response.redirected) { window.location.assign(response.url); return; }
        if (response.ok) {
          const state = filterState(target);
          target.innerHTML = await response.text();
          restoreFilters(target, state);
          initFilters(target);
          localTimes(target);
        }
      } finally {
        running = false;
        if (again) { again = false; schedule(0); }
      }
    }
    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(refresh, delay);
    }
    return { soon: function () { schedule(600); }, now: function () { schedule(0); } };
  }

  function followSearch(head) {
    if (TERMINAL.indexOf(head.dataset.status) >= 0 || !window.EventSource) { return; }
    const market = head.dataset.mode === 'market';
    const results = resultsRefresher(head);
    const source = new EventSource('/api/searches/' + head.dataset.search + '/events');
    source.addEventListener('progress', function (event) {
      if (!market) { applyProgress(JSON.parse(event.data), head); }
    });
    source.addEventListener('results', function (event) {
      const added = JSON.parse(event.data);
      if (market) {
        if (added.market && document.querySelector('[data-market-pending]')) { window.location.reload(); }
        return;
      }
      applyCounts(added.counts);
      const landed = (added.businessPersonas || []).length + (added.decisionMakerPersonas || []).length
        + (added.businesses || []).length + (added.decisionMakers || []).length;
      if (landed > 0) { results.soon(); }
    });
    source.addEventListener('finished', function (event) {
      source.close();
      const progress = JSON.parse(event.data);
      if (market) {
        if (document.querySelector('[data-market-pending]')) { window.location.reload(); }
        return;
      }
      applyProgress(progress, head);
      const cancel = document.querySelector('[data-cancel-form]');
      if (cancel) { cancel.remove(); }
      const note = document.querySelector('[data-live-note]');
      if (note) { note.textContent = ''; }
      results.now();
    });
    source.addEventListener('error', function () {
      if (source.readyState === EventSource.CLOSED) {
        const warning = document.querySelector('[data-stream-error]');
        if (warning) { warning.hidden = false; }
      }
    });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  localTimes(document);
  initBars(document);
  initFilters(document);
  const head = document.querySelector('[data-search]');
  if (head) { followSearch(head); }
})();
