// Leadora web UI: live progress over Server-Sent Events, results refreshed in place, local times, lead tables.
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

  // The same sentence as Ui.Doing on the server: what the search is doing now.
  function doing(progress) {
    if (progress.status === 'pending') { return 'Queued: waiting for a worker to pick the search up.'; }
    const running = (progress.phases || []).filter(function (p) { return p.status === 'running'; }).map(function (p) {
      switch (p.phase) {
        case 'personas': return 'Writing buyer personas…';
        case 'discovery': return 'Finding businesses: ' + p.completedUnits + ' of ' + p.totalUnits + ' persona-and-country searches done.';
        case 'decision_makers': return 'Finding decision makers: ' + p.completedUnits + ' of ' + p.totalUnits + ' groups of businesses done.';
        default: return 'Researching the market…';
      }
    });
    return running.length === 0 ? 'Starting the next step…' : running.join(' ');
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
    const now = document.querySelector('[data-now]');
    if (now && TERMINAL.indexOf(progress.status) < 0) { now.textContent = doing(progress); }
    const badge = document.querySelector('[data-status-badge]');
    if (badge) {
      badge.textContent = STATUS_LABELS[progress.status] || progress.status;
      setStatusClass(badge, progress.status);
    }
    if (head) { head.dataset.status = progress.status; }
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
          target.innerHTML = await response.text();
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
      if (landed > 0) {
        results.soon();
        const fresh = document.querySelector('[data-new-results]');
        if (fresh) { fresh.hidden = false; }
      }
    });
    source.addEventListener('finished', function (event) {
      source.close();
      const progress = JSON.parse(event.data);
      if (market) {
        if (document.querySelector('[data-market-pending]')) { window.location.reload(); }
        return;
      }
      if (progress.status === 'failed' || progress.status === 'cancelled') { window.location.reload(); return; }
      applyProgress(progress, head);
      const now = document.querySelector('[data-now]');
      if (now) {
        now.textContent = 'Finished: ' + progress.counts.businesses.toLocaleString() + ' businesses and '
          + progress.counts.decisionMakers.toLocaleString() + ' decision makers found.';
      }
      const fresh = document.querySelector('[data-new-results]');
      if (fresh) { fresh.hidden = false; }
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

  // Lead tables: the row checkboxes belong to the selection form (form= attribute); the page checkbox and the count
  // need script, everything else works without it.
  function initSelection() {
    const form = document.querySelector('[data-selection]');
    if (!form) { return; }
    const rows = Array.from(document.querySelectorAll('[data-select-row]'));
    const page = document.querySelector('[data-select-page]');
    const all = form.querySelector('[data-select-all-filtered]');
    const count = form.querySelector('[data-selection-count]');
    function update() {
      const ticked = rows.filter(function (box) { return box.checked; }).length;
      if (page) {
        page.checked = ticked > 0 && ticked === rows.length;
        page.indeterminate = ticked > 0 && ticked < rows.length;
      }
      if (count) {
        count.textContent = all && all.checked ? 'Every matching row is selected.'
          : ticked === 0 ? 'Tick rows to export them.' : ticked + ' selected on this page.';
      }
    }
    if (page) {
      page.hidden = false;
      page.addEventListener('change', function () {
        rows.forEach(function (box) { box.checked = page.checked; });
        update();
      });
    }
    rows.forEach(function (box) { box.addEventListener('change', update); });
    if (all) { all.addEventListener('change', update); }
    update();
  }

  // Status and note: the row's form posts with fetch and says "Saved" in place; without script it posts and comes back.
  function initAnnotations() {
    document.querySelectorAll('form[data-annotate]').forEach(function (form) {
      const saved = form.querySelector('[data-saved]');
      form.addEventListener('submit', async function (event) {
        event.preventDefault();
        if (saved) { saved.textContent = 'Saving…'; }
        try {
          const response = await fetch(form.action, {
            method: 'POST', body: new FormData(form), credentials: 'same-origin',
            headers: { 'X-Requested-With': 'fetch', Accept: 'application/json' }
          });
          if (response.redirected) { window.location.assign(response.url); return; }
          const body = await response.json().catch(function () { return {}; });
          if (saved) { saved.textContent = response.ok ? 'Saved.' : 'Not saved: ' + (body.error || response.status); }
        } catch (e) {
          if (saved) { saved.textContent = 'Not saved: the server could not be reached.'; }
        }
      });
    });
  }

  localTimes(document);
  initBars(document);
  initSelection();
  initAnnotations();
  const head = document.querySelector('[data-search]');
  if (head) { followSearch(head); }
})();
