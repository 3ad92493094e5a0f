/* Planning page: what-if planned points (add, drag, remove) with coverage recomputed by
   the server at once, siting runs, promotion of suggested sites, scenario saving. */
(function () {
  "use strict";
  var root = document.querySelector("main.planning");
  var map = window[root.dataset.map];
  var layer = window[root.dataset.layer];
  var data = JSON.parse(document.getElementById("plan-data").textContent);
  var T = JSON.parse(document.getElementById("plan-strings").textContent);
  var form = document.getElementById("plan-form");
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "vi", {maximumFractionDigits: 1});
  // A protected figure arrives as its marker ("<5", "x"): shown as it is.
  function figure(v) { return typeof v === "string" ? v : fmt.format(v); }
  var planned = (data.payload.planned || []).map(function (p) { return {lon: p.lon, lat: p.lat, label: p.label}; });
  var candidates = [];
  var mode = null;  // "planned" | "candidate" | null
  var plannedLayer = L.layerGroup().addTo(map), candidateLayer = L.layerGroup().addTo(map),
      suggestedLayer = L.layerGroup().addTo(map), existingLayer = L.layerGroup().addTo(map);

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function params() {
    var f = new FormData(form), o = {};
    f.forEach(function (v, k) { o[k] = v; });
    return o;
  }
  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}, body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (j) {
        if (!r.ok) { var e = new Error(j.detail || T.failed); e.status = r.status; throw e; }
        return j;
      }); });
  }
  function icon(cls, text) {
    return L.divIcon({className: "pin " + cls, html: "<span>" + esc(text || "") + "</span>", iconSize: [22, 22], iconAnchor: [11, 11]});
  }

  data.existing.forEach(function (s) {
    L.circle([s.lat, s.lon], {radius: data.radius_m, color: "#1b5e20", weight: 1, fillOpacity: 0.06, interactive: false}).addTo(existingLayer);
    L.marker([s.lat, s.lon], {icon: icon("existing", "")}).bindTooltip(esc(s.name)).addTo(existingLayer);
  });

  function drawPlanned() {
    plannedLayer.clearLayers();
    var list = document.getElementById("planned-list");
    list.innerHTML = "";
    planned.forEach(function (p, i) {
      L.circle([p.lat, p.lon], {radius: data.radius_m, color: "#e65100", weight: 1, dashArray: "4 3", fillOpacity: 0.05, interactive: false}).addTo(plannedLayer);
      var m = L.marker([p.lat, p.lon], {icon: icon("planned", i + 1), draggable: true}).addTo(plannedLayer);
      m.bindTooltip(esc(p.label || T.planned));
      m.on("dragend", function () { var ll = m.getLatLng(); p.lat = ll.lat; p.lon = ll.lng; refresh(); });
      var li = document.createElement("li");
      li.innerHTML = "<b>" + (i + 1) + "</b> " + esc(p.label || T.planned) + " <button type=\"button\" class=\"link\">" + esc(T.remove) + "</button>";
      li.querySelector("button").addEventListener("click", function () { planned.splice(i, 1); refresh(); });
      list.appendChild(li);
    });
  }
  function drawCandidates() {
    candidateLayer.clearLayers();
    candidates.forEach(function (c) { L.marker([c.lat, c.lon], {icon: icon("candidate", "?")}).addTo(candidateLayer); });
  }
  function applyCoverage(p) {
    layer.eachLayer(function (shape) {
      var code = shape.feature.properties.code, c = p.communes[code];
      if (!c) return;
      shape.setStyle({fillColor: c.colour});  // class and colour come from the server (payload.demand_class)
    });
    document.getElementById("coverage-share").textContent = (p.share == null ? "—" : fmt.format(p.share)) + " %";
    document.getElementById("coverage-detail").textContent =
      figure(p.covered_weight) + " / " + figure(p.total_weight) + " · " + p.communes_covered + "/" + p.communes_total +
      (p.communes_not_reported ? " · " + T.not_reported_count.replace("%(n)s", p.communes_not_reported) : "");
    var body = document.getElementById("ranking-body");
    body.innerHTML = p.ranking.length ? p.ranking.map(function (r) {
      return "<tr data-code=\"" + esc(r.code) + "\"><td>" + esc(r.name) + (r.border ? " <span class=\"chip\">" + esc(T.border) + "</span>" : "") +
        "<br><small>" + esc(r.district) + "</small></td><td>" + esc(figure(r.demand)) + "</td><td>" + esc(r["class"]) +
        "</td><td>" + esc(r.nearest) + (r.distance_m == null ? "" : "<br><small>" + fmt.format(r.distance_m / 1000) + " " + esc(T.km) + "</small>") + "</td></tr>";
    }).join("") : "<tr><td colspan=\"4\" class=\"muted\">" + esc(T.none) + "</td></tr>";
  }
  function refresh() {
    drawPlanned();
    return post(root.dataset.coverageUrl, Object.assign(params(), {planned: planned})).then(applyCoverage)
      .catch(function (e) { alert(e.message); });
  }

  function setMode(next) {
    mode = mode === next ? null : next;
    document.getElementById("add-planned").classList.toggle("active", mode === "planned");
    document.getElementById("add-candidate").classList.toggle("active", mode === "candidate");
    map.getContainer().style.cursor = mode ? "crosshair" : "";
  }
  document.getElementById("add-planned").addEventListener("click", function () { setMode("planned"); });
  document.getElementById("add-candidate").addEventListener("click", function () { setMode("candidate"); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && mode) setMode(mode); });
  map.on("click", function (e) {
    if (mode === "planned") { planned.push({lon: e.latlng.lng, lat: e.latlng.lat, label: T.planned + " " + (planned.length + 1)}); refresh(); }
    else if (mode === "candidate") { candidates.push({lon: e.latlng.lng, lat: e.latlng.lat, label: ""}); drawCandidates(); }
  });

  var model = document.getElementById("site-model");
  model.addEventListener("change", function () { document.getElementById("k-field").hidden = model.value === "lscp"; });
  document.getElementById("site-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var progress = document.getElementById("site-progress"), out = document.getElementById("site-result");
    progress.hidden = false; out.innerHTML = "";
    post(root.dataset.siteUrl, Object.assign(params(), {planned: planned, candidates: candidates,
      model: model.value, k: document.getElementById("site-k").value}))
      .then(function (r) {
        suggestedLayer.clearLayers();
        r.sites.forEach(function (s, i) {
          L.circle([s.lat, s.lon], {radius: data.radius_m, color: "#6a1b9a", weight: 2, fillOpacity: 0.08, interactive: false}).addTo(suggestedLayer);
          L.marker([s.lat, s.lon], {icon: icon("suggested", "★")}).bindTooltip(esc(s.label)).addTo(suggestedLayer);
        });
        out.innerHTML = "<p>" + esc(T.status) + ": <b id=\"solver-status\" data-status=\"" + esc(r.status) + "\">" + esc(r.status_label || r.status) + "</b> (" + r.seconds + " s)</p>" +
          "<p>" + esc(T.before) + ": <b>" + (r.share_before == null ? "—" : fmt.format(r.share_before)) + " %</b> → " + esc(T.after) +
          ": <b id=\"share-after\">" + (r.share_after == null ? "—" : fmt.format(r.share_after)) + " %</b></p>" +
          "<p>" + esc(T.distance) + ": " + (r.mean_distance_before == null ? "—" : fmt.format(r.mean_distance_before / 1000)) +
          " → " + (r.mean_distance_after == null ? "—" : fmt.format(r.mean_distance_after / 1000)) + " " + esc(T.km) + "</p>" +
          "<ol id=\"suggested-list\">" + r.sites.map(function (s, i) {
            return "<li><b>" + esc(s.label) + "</b><br><small>" + esc(T.covers) + ": " + esc(s.covers.join(", ")) +
              "</small><br><button type=\"button\" class=\"link\" data-i=\"" + i + "\">" + esc(T.promote) + "</button></li>";
          }).join("") + "</ol>";
        out.querySelectorAll("button[data-i]").forEach(function (b) {
          b.addEventListener("click", function () {
            var s = r.sites[+b.dataset.i];
            post(root.dataset.promoteUrl, {lon: s.lon, lat: s.lat, name: s.label}).then(function (j) {
              b.replaceWith(document.createTextNode(T.promoted.replace("%(commune)s", j.commune)));
              planned.push({lon: s.lon, lat: s.lat, label: j.name});
              refresh();
            }).catch(function (err) { alert(err.message); });
          });
        });
      })
      .catch(function (err) { out.innerHTML = "<p class=\"error\" role=\"alert\">" + esc(err.message) + "</p>"; })
      .finally(function () { progress.hidden = true; });
  });

  document.getElementById("save-scenario").addEventListener("click", function () {
    var status = document.getElementById("save-status");
    function save(replace) {
      return post(root.dataset.saveUrl, Object.assign(params(), {planned: planned, replace: replace,
        name: document.getElementById("scenario-name").value}));
    }
    save(false)
      .catch(function (err) {
        // A scenario of that name exists: replace it only when the planner says so.
        if (err.status === 409 && window.confirm(err.message)) return save(true);
        throw err;
      })
      .then(function (saved) { if (saved) status.textContent = T.saved; })
      .catch(function (err) { status.textContent = err.message; });
  });

  window.Planning = {map: map, layer: layer, planned: planned, refresh: refresh};
  drawPlanned();
  applyCoverage(data.payload);
})();
