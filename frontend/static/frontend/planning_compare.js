/* Scenario comparison: each scenario's map with its counselling points, planned points and
   their service radius; the maps move and zoom together (linked_maps.js). */
(function () {
  "use strict";
  var points = JSON.parse(document.getElementById("compare-points").textContent);
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function icon(cls, text) {
    return L.divIcon({className: "pin " + cls, html: "<span>" + esc(text || "") + "</span>", iconSize: [22, 22], iconAnchor: [11, 11]});
  }
  var maps = Array.prototype.map.call(document.querySelectorAll(".compare-map"), function (box) {
    var map = window[box.dataset.map], data = points[box.dataset.key];
    data.existing.forEach(function (s) {
      L.circle([s.lat, s.lon], {radius: data.radius_m, color: "#1b5e20", weight: 1, fillOpacity: 0.06, interactive: false}).addTo(map);
      L.marker([s.lat, s.lon], {icon: icon("existing", "")}).bindTooltip(esc(s.name)).addTo(map);
    });
    data.planned.forEach(function (p, i) {
      L.circle([p.lat, p.lon], {radius: data.radius_m, color: "#e65100", weight: 1, dashArray: "4 3", fillOpacity: 0.05, interactive: false}).addTo(map);
      L.marker([p.lat, p.lon], {icon: icon("planned", i + 1)}).bindTooltip(esc(p.label || "")).addTo(map);
    });
    return map;
  });
  maps.forEach(function (map) { window.LinkedMaps.follow(map, function () { return maps; }); });
  if (maps.length > 1) maps[1].setView(maps[0].getCenter(), maps[0].getZoom(), {animate: false});
  window.PlanningCompare = {maps: maps};
})();
