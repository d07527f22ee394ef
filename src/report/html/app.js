// The report's viewer: reads the embedded model, draws only the lanes in view (so 1000 hosts stay fast),
// filters by host, group and outcome, and shows a bar's result when clicked. No network, no libraries.
(function () {
  'use strict';
  var model = JSON.parse(document.getElementById('model').textContent);
  var OUT = ['ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued'];
  var LANE = 22;
  var total = Math.max(1, model.endedAt - model.startedAt);
  var barsByHost = model.hosts.map(function () { return []; });
  model.bars.forEach(function (b) { barsByHost[b[0]].push(b); });
  var markersByHost = model.hosts.map(function () { return []; });
  model.markers.forEach(function (m) { markersByHost[m[0]].push(m); });
  var timeline = document.getElementById('timeline');
  var lanes = document.getElementById('lanes');
  var detail = document.getElementById('detail');
  var visible = [];

  function outcomesShown() {
    var shown = {};
    document.querySelectorAll('input[data-outcome]').forEach(function (c) { shown[c.getAttribute('data-outcome')] = c.checked; });
    return shown;
  }

  function applyFilters() {
    var text = document.getElementById('host-filter').value.trim().toLowerCase();
    var group = document.getElementById('group-filter').value;
    var shown = outcomesShown();
    visible = [];
    model.hosts.forEach(function (h, i) {
      if (text && h.name.toLowerCase().indexOf(text) < 0) return;
      if (group && h.groups.indexOf(group) < 0) return;
      var any = barsByHost[i].some(function (b) { return shown[OUT[b[4]]]; });
      if (any || barsByHost[i].length === 0) visible.push(i);
    });
    lanes.style.height = visible.length * LANE + 'px';
    // The timeline is as tall as its lanes (3 hosts: 3 lanes, and the recap in view), at most the window.
    document.querySelector('main').style.height = Math.min(window.innerHeight - 140, visible.length * LANE + 40) + 'px';
    document.getElementById('count').textContent = visible.length + ' of ' + model.hosts.length + ' hosts';
    draw();
  }

  function draw() {
    var shown = outcomesShown();
    var first = Math.max(0, Math.floor(timeline.scrollTop / LANE) - 5);
    var last = Math.min(visible.length, first + Math.ceil(timeline.clientHeight / LANE) + 10);
    lanes.textContent = '';
    for (var row = first; row < last; row++) lanes.appendChild(lane(visible[row], row, shown));
    // A task's name is written on its bar when it fits; otherwise the tooltip keeps it.
    lanes.querySelectorAll('.bar').forEach(function (bar) { if (bar.scrollWidth > bar.clientWidth) bar.textContent = ''; });
  }

  function lane(hi, row, shown) {
    var el = document.createElement('div');
    el.className = 'lane';
    el.style.top = row * LANE + 'px';
    el.setAttribute('data-host', model.hosts[hi].name);
    var name = document.createElement('div');
    name.className = 'name';
    name.textContent = model.hosts[hi].name;
    el.appendChild(name);
    var track = document.createElement('div');
    track.className = 'track';
    barsByHost[hi].forEach(function (b) {
      if (!shown[OUT[b[4]]]) return;
      var bar = document.createElement('button');
      var task = model.tasks[b[1]];
      bar.className = 'bar o-' + OUT[b[4]] + (task.handler ? ' handler' : '');
      bar.style.left = (100 * b[2] / total) + '%';
      bar.style.width = (100 * Math.max(0, b[3] - b[2]) / total) + '%';
      bar.title = task.name + ' — ' + OUT[b[4]];
      bar.setAttribute('data-outcome', OUT[b[4]]);
      bar.setAttribute('data-task', task.name);
      bar.textContent = task.name;
      bar.onclick = function () { select(bar, hi, b); };
      track.appendChild(bar);
    });
    markersByHost[hi].forEach(function (m) {
      var mk = document.createElement('div');
      mk.className = 'marker';
      mk.style.left = (100 * m[1] / total) + '%';
      mk.title = m[2] + ' ' + m[3] + (m[4] ? ' (by ' + m[4] + ')' : '');
      track.appendChild(mk);
    });
    el.appendChild(track);
    return el;
  }

  function select(bar, hi, b) {
    document.querySelectorAll('.bar.selected').forEach(function (x) { x.classList.remove('selected'); });
    bar.classList.add('selected');
    var task = model.tasks[b[1]];
    detail.textContent = '';
    var h = document.createElement('h2');
    h.textContent = model.hosts[hi].name + ': ' + (task.handler ? 'handler ' : '') + task.name;
    var meta = document.createElement('p');
    meta.className = 'muted';
    meta.textContent = OUT[b[4]] + ' · ' + task.module + ' · ' + ((b[3] - b[2]) / 1000).toFixed(2) + ' s';
    meta.id = 'detail-outcome';
    var pre = document.createElement('pre');
    pre.id = 'detail-result';
    pre.textContent = model.details[b[5]];
    detail.appendChild(h);
    detail.appendChild(meta);
    detail.appendChild(pre);
  }

  function axis() {
    var ax = document.getElementById('axis');
    var digits = total < 2000 ? 2 : total < 20000 ? 1 : 0;
    for (var i = 0; i <= 10; i++) {
      var s = document.createElement('span');
      s.style.left = (i * 10) + '%';
      if (i === 10) s.style.transform = 'translateX(-100%)';
      s.textContent = (total * i / 10000).toFixed(digits) + ' s';
      ax.appendChild(s);
    }
  }

  document.getElementById('host-filter').oninput = applyFilters;
  document.getElementById('group-filter').onchange = applyFilters;
  document.querySelectorAll('input[data-outcome]').forEach(function (c) { c.onchange = applyFilters; });
  timeline.onscroll = draw;
  window.onresize = draw;
  axis();
  applyFilters();
})();
