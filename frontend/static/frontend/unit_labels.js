/* Unit names on a map, by zoom and without collisions: from zoom `minZoom` on, the units
   in view are named largest first, each where its name overlaps no name already placed
   and fits its shape; redrawn after every zoom or pan. UnitLabels(map, layer, minZoom). */
(function () {
  "use strict";
  var CHAR_PX = 6.4, HEIGHT_PX = 14, MAX_LABELS = 400;
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  window.UnitLabels = function (map, layer, minZoom) {
    if (!map.getPane("unit-labels")) {
      var pane = map.createPane("unit-labels");
      pane.style.zIndex = 450;
      pane.style.pointerEvents = "none";
    }
    var group = L.layerGroup().addTo(map);
    var items = null;
    function collect() {
      items = [];
      layer.eachLayer(function (shape) {
        var name = shape.feature && shape.feature.properties.name;
        if (!name || !shape.getBounds) return;
        var centre;
        try { centre = shape.getCenter(); } catch (e) { centre = shape.getBounds().getCenter(); }
        items.push({name: String(name), bounds: shape.getBounds(), centre: centre});
      });
    }
    function draw() {
      group.clearLayers();
      if (map.getZoom() < minZoom || !map.hasLayer(layer)) return;
      if (!items) collect();
      var view = map.getBounds().pad(0.1), placed = [];
      var candidates = items.filter(function (item) { return view.intersects(item.bounds); }).map(function (item) {
        var nw = map.latLngToContainerPoint(item.bounds.getNorthWest()), se = map.latLngToContainerPoint(item.bounds.getSouthEast());
        return {item: item, width: se.x - nw.x, area: (se.x - nw.x) * (se.y - nw.y)};
      }).sort(function (a, b) { return b.area - a.area; });
      for (var i = 0; i < candidates.length && placed.length < MAX_LABELS; i++) {
        var c = candidates[i], w = Math.ceil(c.item.name.length * CHAR_PX) + 6;
        if (c.width < w * 0.7) continue;  // a name much wider than its unit would cover others
        var p = map.latLngToContainerPoint(c.item.centre);
        var box = [p.x - w / 2, p.y - HEIGHT_PX / 2, p.x + w / 2, p.y + HEIGHT_PX / 2];
        var free = placed.every(function (o) { return box[2] < o[0] || box[0] > o[2] || box[3] < o[1] || box[1] > o[3]; });
        if (!free) continue;
        placed.push(box);
        L.marker(c.item.centre, {
          pane: "unit-labels", interactive: false, keyboard: false,
          icon: L.divIcon({className: "unit-label", html: esc(c.item.name), iconSize: [w, HEIGHT_PX]})
        }).addTo(group);
      }
    }
    map.on("zoomend moveend overlayadd overlayremove", draw);
    draw();
    return {redraw: function () { items = null; draw(); }, group: group};
  };
})();
