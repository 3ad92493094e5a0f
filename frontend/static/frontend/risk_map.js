/* Risk map page: switches period, measure and method in place (state.json), keeps the
   map view across changes, opens the commune panel, draws the charts. Strings come
   translated from the server (#risk-strings). */
(function () {
  "use strict";
  var root = document.querySelector("main.riskmap");
  var map = window[root.dataset.map];
  var layer = window[root.dataset.layer];
  var T = JSON.parse(document.getElementById("risk-strings").textContent);
  var charts = JSON.parse(document.getElementById("risk-charts").textContent);
  var form = document.getElementById("controls");
  var kind = document.getElementById("measure-kind");
  var indicator = document.getElementById("indicator");
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "vi");
  var LABELS_FROM_ZOOM = 9;  // commune names from this zoom on (a province fills the map at 8–9)

  function needsIndicator() { return ["count", "rate", "eb_rate", "hotspots", "emerging", "change", "change_yoy"].indexOf(kind.value) >= 0; }
  function syncFields() {
    document.getElementById("indicator-field").hidden = !needsIndicator();
    var categorical = ["classification", "hotspots", "emerging"].indexOf(kind.value) >= 0;
    document.getElementById("method-field").hidden = categorical;
    document.getElementById("breaks-field").hidden = categorical;
  }
  function fillHidden() {
    var c = map.getCenter();
    document.getElementById("view-lat").value = c.lat.toFixed(5);
    document.getElementById("view-lng").value = c.lng.toFixed(5);
    document.getElementById("view-zoom").value = map.getZoom();
    document.getElementById("measure").value = needsIndicator() ? kind.value + ":" + indicator.value : kind.value;
  }
  function submit() {  // another level or district: other shapes, so the page itself
    fillHidden();
    if (panes.length) {
      var keep = document.createElement("input");
      keep.type = "hidden"; keep.name = "compare"; keep.value = comparedPeriods();
      form.appendChild(keep);
    }
    form.submit();
  }

  // Another period, measure or method on the same shapes: the state is fetched as JSON
  // and applied in place (values, legend, notes, summary, charts); the address follows,
  // so the back button and a shared link show the same map.
  var asked = 0;
  function queryString() {
    fillHidden();
    return new URLSearchParams(new FormData(form)).toString();
  }
  function switchTo(qs, push, done) {
    var mine = ++asked;
    root.classList.add("busy");
    fetch(root.dataset.stateUrl + "?" + qs, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (state) {
        if (mine !== asked) return;  // a later switch is on its way
        if (state.shapes !== root.dataset.shapes) { window.location.search = qs; return; }
        apply(state);
        if (push) history.pushState({qs: qs}, "", "?" + address(qs));
        root.classList.remove("busy");
        if (done) done();
      })
      .catch(function () { window.location.search = qs; });  // the page says what went wrong
  }
  function apply(state) {
    layer.setValues(state.values, state.measure_label);
    ["notes", "legend", "summary"].forEach(function (name) {
      document.getElementById(name === "summary" ? "summary" : "risk-" + name).innerHTML = state.html[name];
    });
    root.dataset.panelUrl = state.panel_url;
    charts = state.charts;
    drawCharts();
    splitRefresh();
  }
  function controlsFrom(qs) {
    var params = new URLSearchParams(qs);
    ["period", "method", "classes", "breaks"].forEach(function (name) {
      var field = form.elements[name];
      if (field && params.has(name)) field.value = params.get(name);
    });
    var measure = (params.get("measure") || "").split(":");
    if (measure[0]) kind.value = measure[0];
    if (measure[1]) indicator.value = measure[1];
    syncFields();
  }
  syncFields();
  form.addEventListener("change", function (e) {
    if (playing && e.isTrusted) stopPlaying();  // the reader took the controls back
    syncFields();
    if (e.target.name === "level") { submit(); return; }
    switchTo(queryString(), true);
  });
  window.addEventListener("popstate", function () {
    controlsFrom(window.location.search);
    switchTo(queryString(), false);
    splitFrom(window.location.search);
  });
  var up = document.getElementById("drill-up");
  if (up) up.addEventListener("click", function (e) {
    e.preventDefault();
    form.querySelector("input[name=district]").remove();
    submit();
  });

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  var panel = document.getElementById("commune-panel");
  var body = document.getElementById("commune-body");
  var panelChart = null;
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    document.getElementById("summary").hidden = false;
  });

  function list(items, render) {
    return items.length ? "<ul>" + items.map(render).join("") + "</ul>" : "<p class=\"muted\">" + esc(T.none) + "</p>";
  }
  function spotOf(code) {
    // Hot spots: the commune's category, as the map drew it (computed over the communes shown).
    var spot = null;
    if (kind.value !== "hotspots" && kind.value !== "emerging") return null;
    layer.eachLayer(function (l) { if (l.feature && l.feature.properties.code === code) spot = l.feature.properties.display; });
    return spot;
  }
  function renderPanel(d) {
    var spot = spotOf(d.code);
    var dist = d.is_border ? T.border : (d.border_distance_m == null ? "—" : fmt.format(Math.round(d.border_distance_m / 100) / 10) + " " + T.km);
    body.innerHTML =
      "<h2 id=\"panel-title\">" + esc(d.name) + " <small>(" + esc(d.code) + ")</small></h2>" +
      "<dl class=\"facts\">" +
      (d.parent ? "<dt>" + esc(T.district) + "</dt><dd>" + esc(d.parent) + "</dd>" : "") +
      "<dt>" + esc(T.population) + "</dt><dd>" + (d.population == null ? "—" : fmt.format(d.population)) +
      (d.population_year ? " (" + d.population_year + ")" : "") + "</dd>" +
      "<dt>" + esc(T.area) + "</dt><dd>" + (d.area_km2 == null ? "—" : fmt.format(d.area_km2)) + "</dd>" +
      "<dt>" + esc(T.border_distance) + "</dt><dd>" + esc(dist) + "</dd>" +
      (spot ? "<dt>" + esc(T.hotspot) + "</dt><dd id=\"panel-hotspot\">" + esc(spot) + "</dd>" : "") + "</dl>" +
      "<h3>" + esc(T.history) + "</h3>" +
      (d.classifications.length ? "<table class=\"history\">" + d.classifications.map(function (c) {
        return "<tr><td>" + c.year + "</td><td><span class=\"class-chip class-" + esc(c["class"]) + "\">" + esc(c.class_label) +
          "</span></td><td class=\"muted\">" + esc(c.decision) + "</td></tr>";
      }).join("") + "</table>" : "<p class=\"muted\">" + esc(T.no_history) + "</p>") +
      "<h3>" + esc(T.proposed) + "</h3>" +
      (d.proposals.length ? d.proposals.map(function (p) {
        return "<div class=\"proposal\"><b>" + p.year + "</b> " + esc(T.proposed_short) + ": <span class=\"class-chip class-" +
          esc(p.proposed) + "\">" + esc(p.proposed_label) + "</span>" + (p.provisional ? " <small>(" + esc(T.provisional) + ")</small>" : "") +
          " · " + esc(T.official) + ": " + (p.official_label ? esc(p.official_label) : "—") +
          (p.agrees === false ? " <span class=\"differs\">≠</span>" : "") +
          (p.lines.length ? "<ul class=\"criteria\">" + p.lines.map(function (l) { return "<li>" + esc(l) + "</li>"; }).join("") + "</ul>" : "") +
          "</div>";
      }).join("") : "<p class=\"muted\">" + esc(T.none) + "</p>") +
      "<h3>" + esc(d.indicator) + " · " + esc(T.last_months) + "</h3>";
    var alerts = d.alerts ? "<section id=\"panel-alerts\"><h3>" + esc(T.alerts) + "</h3>" +
      list(d.alerts.items, function (a) {
        return "<li class=\"alert-" + esc(a.state) + "\">" + esc(a.month) + " · " + esc(a.indicator) + ": " +
          esc(typeof a.value === "number" ? fmt.format(a.value) : a.value) + " (" + esc(T.expected) + " " +
          esc(typeof a.expected === "number" ? fmt.format(a.expected) : a.expected) + ") · " + esc(a.state_label) + "</li>";
      }) + "<p><a id=\"panel-alerts-link\" href=\"" + esc(d.alerts.url) + "\">" + esc(T.all_alerts) + "</a></p></section>" : "";
    var after = alerts + "<h3>" + esc(T.points) + "</h3>" + list(d.counselling_points, function (p) { return "<li>" + esc(p.name) + " · " + esc(p.status) + "</li>"; }) +
      "<h3>" + esc(T.facilities) + "</h3>" + list(d.treatment_facilities, function (f) { return "<li>" + esc(f.name) + " · " + esc(f.kind) + "</li>"; }) +
      (d.establishments ? "<h3>" + esc(T.establishments) + ": " + fmt.format(d.establishments.total) + " (" + fmt.format(d.establishments.prone) + " " + esc(T.prone) + ")</h3>" +
      list(d.establishments.by_type, function (t) { return "<li>" + esc(t.type) + ": " + fmt.format(t.count) + "</li>"; }) : "");
    var tail = document.getElementById("commune-after");
    if (!tail) { tail = document.createElement("div"); tail.id = "commune-after"; panel.appendChild(tail); }
    tail.innerHTML = after;
    if (panelChart) panelChart.destroy();
    panelChart = new Chart(document.getElementById("commune-chart"), {
      type: "bar",
      data: {labels: d.series.map(function (p) { return typeof p.value === "string" ? p.month + " (" + p.value + ")" : p.month; }),
             datasets: [{data: d.series.map(function (p) { return typeof p.value === "number" ? p.value : null; }), backgroundColor: "#fd8d3c"}]},
      options: {locale: document.documentElement.lang || "vi", animation: false, plugins: {legend: {display: false}}, scales: {x: {ticks: {maxTicksLimit: 6}}}}
    });
  }
  function openCommune(code, period) {  // period: a split view's map's own period
    document.getElementById("summary").hidden = true;
    panel.hidden = false;
    body.innerHTML = "<p>" + esc(T.loading) + "</p>";
    var url = root.dataset.panelUrl.replace("CODE", encodeURIComponent(code));
    if (period) {
      var at = url.indexOf("?"), params = new URLSearchParams(at < 0 ? "" : url.slice(at + 1));
      params.set("period", period);
      url = (at < 0 ? url : url.slice(0, at)) + "?" + params.toString();
    }
    fetch(url, {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(renderPanel)
      .catch(function () { body.innerHTML = "<p class=\"error\">" + esc(T.failed) + "</p>"; });
  }
  layer.on("click", function (e) {
    var code = e.layer.feature.properties.code;
    if (root.dataset.level === "district" && !root.dataset.drill) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "district"; input.value = code;
      form.appendChild(input);
      form.querySelector("input[name=level][value=commune]").checked = true;
      map.fitBounds(e.layer.getBounds());
      submit();
    } else {
      openCommune(code);
    }
  });
  // Find a commune by name or code (accents and case aside): zoom to it, outline it,
  // open its panel.
  function plain(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  }
  var search = document.getElementById("commune-search");
  var none = document.getElementById("commune-search-none");
  function fillNames() {
    var options = [];
    layer.eachLayer(function (l) {
      var p = l.feature.properties;
      options.push("<option value=\"" + esc(p.name + " (" + p.code + ")") + "\"></option>");
    });
    document.getElementById("commune-names").innerHTML = options.sort().join("");
  }
  function find(text) {
    var wanted = plain(text), code = (/\(([0-9A-Za-z_-]+)\)$/.exec(text.trim()) || [])[1], found = null, partial = [];
    layer.eachLayer(function (l) {
      var p = l.feature.properties;
      if (found) return;
      if (p.code === (code || text.trim()) || plain(p.name) === wanted) found = l;
      else if (plain(p.name).indexOf(wanted) >= 0) partial.push(l);
    });
    return found || (partial.length === 1 ? partial[0] : null);
  }
  var outlined = null;
  function showCommune(shape) {
    if (outlined) layer.resetStyle(outlined);
    outlined = shape;
    map.fitBounds(shape.getBounds(), {maxZoom: 12});
    shape.setStyle({weight: 4, color: "#0d1b2a"});
    shape.bringToFront();
    openCommune(shape.feature.properties.code);
  }
  // No commune of that name: establishments whose name or address holds the text (the
  // inspectors' own filter, q=), listed under the box; a click zooms to one and marks it.
  var results = document.getElementById("search-results");
  var marked = null;
  function markPlace(f) {
    var c = f.geometry.coordinates, at = [c[1], c[0]];
    if (marked) marked.remove();
    marked = L.layerGroup([
      L.circleMarker(at, {radius: 16, color: "#ff6f00", weight: 4, fill: false, interactive: false, className: "search-mark"}),
      L.circleMarker(at, {radius: 5, color: "#ff6f00", weight: 2, fillColor: "#ffffff", fillOpacity: 1})
        .bindTooltip("<b>" + esc(f.properties.name) + "</b><br>" + esc(f.properties.address), {permanent: true, direction: "top", offset: [0, -14]})
    ]).addTo(map);
    map.setView(at, Math.max(map.getZoom(), 14));
  }
  function findPlaces(text) {
    var url = root.dataset.establishmentsUrl;
    if (!url) { none.hidden = false; none.textContent = T.no_match.replace("%(query)s", text); return; }
    fetch(url + "?" + new URLSearchParams({q: text, status: "active"}).toString(), {credentials: "same-origin", headers: {Accept: "application/geo+json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        var features = data.features.slice(0, 8);
        if (!features.length) { none.hidden = false; none.textContent = T.nothing_found.replace("%(query)s", text); return; }
        results.innerHTML = "<li class=\"hint\">" + esc(T.establishments_found.replace("%(query)s", text).replace("%(count)s", fmt.format(data.numberMatched))) + "</li>" +
          features.map(function (f, i) {
            return "<li><button type=\"button\" class=\"link\" data-i=\"" + i + "\"><b>" + esc(f.properties.name) + "</b> · " + esc(f.properties.address) + "</button></li>";
          }).join("") +
          (data.numberMatched > features.length ? "<li class=\"hint\">" + esc(T.more_found.replace("%(count)s", fmt.format(data.numberMatched - features.length))) + "</li>" : "");
        results.hidden = false;
        results.onclick = function (e) {
          var button = e.target.closest("button[data-i]");
          if (button) markPlace(features[Number(button.dataset.i)]);
        };
        if (features.length === 1) markPlace(features[0]);
      })
      .catch(function () { none.hidden = false; none.textContent = T.search_failed; });
  }
  if (search) {
    fillNames();
    search.addEventListener("change", function () {
      results.hidden = true;
      none.hidden = true;
      var text = search.value.trim();
      if (!text) return;
      var shape = find(search.value);
      if (shape) showCommune(shape);
      else findPlaces(text);
    });
  }

  // The timeline: the last 12 months up to the one chosen, one after the other, on one
  // legend (classes over all periods), without a reload; the button stops it.
  var play = document.getElementById("timeline-play");
  var playing = null;
  function stopPlaying() {
    if (playing) clearTimeout(playing.timer);
    playing = null;
    play.textContent = play.dataset.play;
    play.setAttribute("aria-pressed", "false");
  }
  play.addEventListener("click", function () {
    if (playing) { stopPlaying(); return; }
    var period = document.getElementById("period");
    var months = Array.prototype.map.call(period.querySelectorAll("optgroup:first-child option"), function (o) { return o.value; });
    var at = months.indexOf(period.value);
    if (at < 0) at = 0;  // a quarter or a year is chosen: from the newest month
    var steps = months.slice(at, at + 12).reverse();  // oldest first
    if (form.elements.breaks && form.elements.breaks.value === "period") form.elements.breaks.value = "range";
    playing = {steps: steps, i: 0};
    play.textContent = play.dataset.stop;
    play.setAttribute("aria-pressed", "true");
    (function step() {
      if (!playing) return;
      period.value = playing.steps[playing.i];
      switchTo(queryString(), true, function () {
        if (!playing) return;
        playing.i += 1;
        if (playing.i >= playing.steps.length) { stopPlaying(); return; }
        playing.timer = setTimeout(step, 900);
      });
    })();
  });


  // Split view: up to three more periods beside the chosen one, on the same shapes and
  // the same legend (classes over all periods), panned and zoomed together; the periods
  // are in the address (compare=…), so a shared link opens the same maps.
  var section = document.querySelector("section.map");
  var mainBox = section.querySelector(".folium-map");
  var splitAdd = document.getElementById("split-add");
  var panes = [];
  function comparedPeriods() { return panes.map(function (p) { return p.period; }).join(","); }
  function address(qs) {
    var params = new URLSearchParams(qs);
    params.delete("compare");
    if (panes.length) params.set("compare", comparedPeriods());
    return params.toString();
  }
  function periodLabel(key) {
    var option = document.querySelector("#period option[value=\"" + key + "\"]");
    return option ? option.textContent : key;
  }
  function allMaps() { return [map].concat(panes.map(function (p) { return p.map; })); }
  function linkView(from) { window.LinkedMaps.follow(from, allMaps); }
  function mainTitle() {
    var title = mainBox.querySelector(".pane-title");
    if (!panes.length) { if (title) title.remove(); return; }
    if (!title) { title = document.createElement("div"); title.className = "pane-title"; mainBox.appendChild(title); }
    title.textContent = periodLabel(document.getElementById("period").value);
  }
  function splitLayout() {
    section.classList.toggle("split", panes.length > 0);
    section.dataset.panes = String(panes.length + 1);
    splitAdd.disabled = panes.length >= 3;
    mainTitle();
    allMaps().forEach(function (m) { m.invalidateSize(false); });
  }
  function paneLoad(pane) {
    var params = new URLSearchParams(queryString());
    params.set("period", pane.period);
    var mine = pane.asked = (pane.asked || 0) + 1;
    pane.box.classList.add("busy");
    fetch(root.dataset.stateUrl + "?" + params.toString(), {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (state) {
        if (mine !== pane.asked) return;
        pane.values = state.values;
        pane.measure = state.measure_label;
        pane.layer.eachLayer(function (shape) {
          var v = pane.values[shape.feature.properties.code] || {};
          shape.setStyle(layer.styleOf(v));
          shape.setTooltipContent(layer.tipOf(v, pane.measure));
        });
        pane.box.classList.remove("busy");
        pane.box.dataset.loaded = pane.period;
      })
      .catch(function () { pane.box.classList.remove("busy"); pane.title.classList.add("error"); });
  }
  function paneAdd(period) {
    var box = document.createElement("div");
    box.className = "pane";
    box.innerHTML = "<div class=\"pane-map\"></div><div class=\"pane-title\"><select aria-label=\"" + esc(T.period) + "\"></select>" +
      "<button type=\"button\" class=\"pane-close\" aria-label=\"" + esc(T.split_close) + "\" title=\"" + esc(T.split_close) + "\">×</button></div>";
    section.appendChild(box);
    var select = box.querySelector("select");
    select.innerHTML = document.getElementById("period").innerHTML;
    select.value = period;
    var other = L.map(box.querySelector(".pane-map"), {
      center: map.getCenter(), zoom: map.getZoom(), minZoom: map.getMinZoom(), maxZoom: map.getMaxZoom(),
      preferCanvas: true, attributionControl: false, zoomControl: true
    });
    var pane = {period: period, map: other, box: box, title: box.querySelector(".pane-title"), values: {}, measure: ""};
    // The same background, shapes and border as the main map, drawn in its order.
    map.eachLayer(function (l) {
      if (!(l instanceof L.GeoJSON)) return;
      if (l === layer) {
        pane.layer = L.geoJson(layer.toGeoJSON(), {
          style: function (f) { return layer.styleOf(pane.values[f.properties.code] || {}); },
          onEachFeature: function (f, shape) {
            shape.bindTooltip("", {sticky: true});
            shape.on("click", function () { openCommune(f.properties.code, pane.period); });
          }
        }).addTo(other);
      } else {
        L.geoJson(l.toGeoJSON(), Object.assign({}, l.options, {interactive: false})).addTo(other);
      }
    });
    panes.push(pane);
    pane.labels = window.UnitLabels(other, pane.layer, LABELS_FROM_ZOOM);
    linkView(other);
    select.addEventListener("change", function () { pane.period = select.value; splitChanged(); paneLoad(pane); });
    box.querySelector(".pane-close").addEventListener("click", function () {
      panes.splice(panes.indexOf(pane), 1);
      other.remove();
      box.remove();
      splitChanged();
    });
    splitLayout();
    paneLoad(pane);
    return pane;
  }
  function splitChanged() {
    splitLayout();
    history.replaceState(history.state, "", "?" + address(queryString()));
  }
  function oneLegend() {  // the maps side by side are read on one legend
    var breaks = form.elements.breaks;
    if (breaks && breaks.value === "period") { breaks.value = "range"; switchTo(queryString(), false); }
  }
  function splitRefresh() { panes.forEach(paneLoad); mainTitle(); }
  function splitFrom(search) {
    var wanted = (new URLSearchParams(search).get("compare") || "").split(",").filter(function (key) {
      return key && document.querySelector("#period option[value=\"" + key + "\"]");
    }).slice(0, 3);
    if (wanted.join(",") === comparedPeriods()) return;
    panes.splice(0).forEach(function (p) { p.map.remove(); p.box.remove(); });
    wanted.forEach(paneAdd);
    splitLayout();
  }
  linkView(map);
  splitAdd.addEventListener("click", function () {
    if (panes.length >= 3) return;
    // the month before the last one shown (or the chosen period's predecessor)
    var keys = Array.prototype.map.call(document.querySelectorAll("#period optgroup:first-child option"), function (o) { return o.value; });
    var last = panes.length ? panes[panes.length - 1].period : document.getElementById("period").value;
    var at = keys.indexOf(last);
    var next = keys[Math.min(keys.length - 1, at < 0 ? 0 : at + 1)];
    oneLegend();
    paneAdd(next);
    history.replaceState(history.state, "", "?" + address(queryString()));
  });
  splitFrom(window.location.search);

  var labels = window.UnitLabels(map, layer, LABELS_FROM_ZOOM);
  window.RiskMap = {open: openCommune, map: map, layer: layer, panes: panes, labels: labels};
  var linked = /^#commune=([0-9A-Za-z_-]+)$/.exec(window.location.hash);
  if (linked) openCommune(linked[1]);  // from the alerts page

  // An incomplete month (not every commune reported) is a hollow point on a dashed line.
  var drawn = [];
  function drawCharts() {
    drawn.forEach(function (chart) { chart.destroy(); });
    var complete = charts.trend.complete || [];
    function incomplete(i) { return complete[i] === false; }
    drawn = [new Chart(document.getElementById("trend-chart"), {
      type: "line",
      data: {labels: charts.trend.labels, datasets: [{label: charts.indicator, data: charts.trend.values,
        borderColor: "#bd0026", backgroundColor: "rgba(189,0,38,.15)", fill: true, tension: 0.2,
        pointRadius: charts.trend.values.map(function (v, i) { return incomplete(i) ? 4 : 0; }),
        pointBackgroundColor: charts.trend.values.map(function (v, i) { return incomplete(i) ? "#ffffff" : "#bd0026"; }),
        pointBorderColor: "#bd0026",
        segment: {borderDash: function (ctx) { return incomplete(ctx.p0DataIndex) || incomplete(ctx.p1DataIndex) ? [5, 4] : undefined; }}}]},
      options: {locale: document.documentElement.lang || "vi", animation: false, scales: {x: {ticks: {maxTicksLimit: 8}}},
        plugins: {legend: {display: false}, tooltip: {callbacks: {afterLabel: function (ctx) {
          var reported = (charts.trend.reported || [])[ctx.dataIndex];
          return reported === undefined ? "" : T.reported.replace("%(reported)s", reported).replace("%(expected)s", charts.trend.expected) +
            (incomplete(ctx.dataIndex) ? " · " + T.incomplete : "");
        }}}}}
    })];
    var wrap = document.querySelector(".bars-wrap");
    wrap.style.height = Math.max(160, charts.parts.labels.length * 16) + "px";
    drawn.push(new Chart(document.getElementById("parts-chart"), {
      type: "bar",
      data: {labels: charts.parts.labels, datasets: [{label: charts.indicator, data: charts.parts.values, backgroundColor: "#fd8d3c"}]},
      options: {locale: document.documentElement.lang || "vi", indexAxis: "y", animation: false, maintainAspectRatio: false, plugins: {legend: {display: false}},
                scales: {y: {ticks: {autoSkip: false, font: {size: 10}}}}}
    }));
  }
  drawCharts();
})();
