// The JinaOrleans dashboard: draws the snapshots /dashboard/events streams (server-sent events), reconnecting when
// the stream ends. Plain browser JavaScript, no library.
(function () {
  'use strict';

  const eventsUrl = '/dashboard/events';
  const svgNs = 'http://www.w3.org/2000/svg';
  let retryMs = 1000;
  let source = null;

  function number(value, digits) {
    if (value === null || value === undefined) { return '–'; }
    return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }

  function ms(value) { return value === null || value === undefined ? '–' : number(value, value < 10 ? 2 : 1) + ' ms'; }

  function bytes(value) {
    if (value === null || value === undefined) { return '–'; }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = value;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return number(v, i === 0 ? 0 : 1) + ' ' + units[i];
  }

  function setConnection(state, text) {
    const badge = document.getElementById('connection');
    badge.className = 'connection ' + state;
    badge.dataset.state = state;
    badge.textContent = text;
  }

  function cell(row, className, text) {
    const td = document.createElement('td');
    td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function renderGateway(gateway) {
    const values = {
      requestsPerSecond: number(gateway.requestsPerSecond, 1),
      p50Ms: ms(gateway.p50Ms),
      p99Ms: ms(gateway.p99Ms),
      pending: number(gateway.pending, 0),
      failed: number(gateway.failed, 0),
      requests: number(gateway.requests, 0),
    };
    for (const el of document.querySelectorAll('#gateway [data-field]')) {
      el.textContent = values[el.dataset.field];
    }
  }

  // The executor's own numbers, or the flow's calls to it when no instance here measured any (an external one).
  function figures(executor) {
    return executor.requests > 0 || !executor.external ? executor : executor.calls;
  }

  function renderExecutors(executors) {
    const body = document.querySelector('#executors tbody');
    body.replaceChildren();
    for (const executor of executors) {
      const f = figures(executor);
      const row = document.createElement('tr');
      row.dataset.executor = executor.name;
      cell(row, 'text name', executor.name);
      cell(row, 'text uses', executor.uses + (executor.replicas > 1 ? ' × ' + executor.replicas : '') + (executor.shards > 1 ? ', ' + executor.shards + ' shards' : ''));
      cell(row, 'rps', number(f.requestsPerSecond, 1));
      cell(row, 'p50', ms(f.p50Ms));
      cell(row, 'p99', ms(f.p99Ms));
      cell(row, 'errors' + (f.failed > 0 ? ' nonzero' : ''), number(f.failed, 0));
      cell(row, 'inflight', number(f.pending, 0));
      cell(row, 'requests', number(f.requests, 0));
      cell(row, 'docs', number(f.documentsPerSecond, 1));
      body.appendChild(row);
    }
  }

  function renderSilos(silos) {
    const body = document.querySelector('#silos tbody');
    body.replaceChildren();
    for (const silo of silos) {
      const row = document.createElement('tr');
      row.dataset.silo = silo.address;
      row.dataset.status = silo.status;
      row.dataset.answered = String(silo.answered);
      cell(row, 'text address', silo.address || '–');
      cell(row, 'text name', silo.name || silo.host || '–');
      const status = cell(row, 'text status ' + silo.status, silo.answered || silo.status !== 'Active' ? silo.status : silo.status + ' (no answer)');
      if (silo.error) { status.title = silo.error; status.appendChild(Object.assign(document.createElement('div'), { className: 'note', textContent: silo.error })); }
      cell(row, 'cpu', silo.cpuPercent === null ? '–' : number(silo.cpuPercent, 1) + ' %');
      cell(row, 'memory', bytes(silo.memoryBytes));
      cell(row, 'activations', number(silo.activations, 0));
      cell(row, 'rps', number(silo.executors.requestsPerSecond, 1));
      cell(row, 'inflight', number(silo.executors.pending, 0));
      body.appendChild(row);
    }
  }

  // Writes a line of figures under a node of the topology, and marks it busy or failing.
  function annotate(node, text, busy, failing) {
    const rect = node.querySelector('rect');
    if (!rect) { return; }
    let stat = node.querySelector('text.stat');
    if (!stat) {
      stat = document.createElementNS(svgNs, 'text');
      stat.setAttribute('class', 'stat');
      stat.setAttribute('x', String(Number(rect.getAttribute('x')) + 4));
      stat.setAttribute('y', String(Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')) + 14));
      node.appendChild(stat);
    }
    stat.textContent = text;
    node.classList.toggle('busy', busy && !failing);
    node.classList.toggle('failing', failing);
  }

  function renderTopology(snapshot) {
    const svg = document.querySelector('#topology svg');
    if (!svg) { return; }
    const gateway = svg.querySelector('g[data-node="gateway"]');
    if (gateway) {
      const g = snapshot.gateway;
      annotate(gateway, number(g.requestsPerSecond, 1) + ' req/s · p99 ' + ms(g.p99Ms) + ' · ' + g.pending + ' pending', g.requestsPerSecond > 0, g.failedPerSecond > 0);
    }
    for (const executor of snapshot.executors) {
      const node = Array.from(svg.querySelectorAll('g[data-node="executor"]')).find(n => n.dataset.name === executor.name);
      if (!node) { continue; }
      const f = figures(executor);
      annotate(node, number(f.requestsPerSecond, 1) + ' req/s · p99 ' + ms(f.p99Ms) + ' · ' + f.failed + ' err · ' + f.pending + ' in flight',
        f.requestsPerSecond > 0, f.failedPerSecond > 0);
    }
  }

  function render(snapshot) {
    document.getElementById('flow-name').textContent = "· flow '" + snapshot.flow + "'";
    document.getElementById('window').textContent = snapshot.windowSeconds;
    const updated = document.getElementById('updated');
    updated.dateTime = snapshot.time;
    updated.textContent = new Date(snapshot.time).toLocaleTimeString('en-GB');
    renderGateway(snapshot.gateway);
    renderExecutors(snapshot.executors);
    renderSilos(snapshot.silos);
    renderTopology(snapshot);
  }

  function connect() {
    setConnection('connecting', 'connecting…');
    source = new EventSource(eventsUrl);
    source.addEventListener('snapshot', function (event) {
      retryMs = 1000;
      setConnection('live', 'live');
      render(JSON.parse(event.data));
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (the gateway answered with an error, or went away for good): try again, backing off.
        setConnection('reconnecting', 'reconnecting in ' + Math.round(retryMs / 1000) + ' s');
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 15000);
      } else {
        // The browser reconnects by itself after the stream's retry interval.
        setConnection('reconnecting', 'reconnecting…');
      }
    };
  }

  async function loadTopology() {
    const target = document.getElementById('topology');
    try {
      const response = await fetch('/dashboard/flow.svg');
      target.innerHTML = response.ok ? await response.text() : 'topology unavailable (' + response.status + ')';
    } catch (e) {
      target.textContent = 'topology unavailable: ' + e;
    }
  }

  loadTopology().then(connect);
}());
