/* Inspectors' page: draw a polygon or a circle, or take the map extent, as the area
   filter; the form keeps the filter in the URL. */
(function () {
  "use strict";
  var root = document.querySelector("main.establishments");
  var map = window[root.dataset.map];
  var form = document.getElementById("filter-form");
  function set(id, value) { document.getElementById(id).value = value; }
  function clearArea() { ["f-polygon", "f-point", "f-radius", "f-bbox"].forEach(function (id) { set(id, ""); }); }
  var drawn = new L.FeatureGroup().addTo(map);
  map.addControl(new L.Control.Draw({
    position: "topleft",
    draw: {polyline: false, marker: false, circlemarker: false, rectangle: false,
           polygon: {allowIntersection: false, showArea: true}, circle: {showRadius: true}},
    edit: {featureGroup: drawn, edit: false, remove: false}
  }));
  map.on(L.Draw.Event.CREATED, function (e) {
    clearArea();
    if (e.layerType === "circle") {
      var c = e.layer.getLatLng();
      set("f-point", c.lng.toFixed(6) + "," + c.lat.toFixed(6));
      set("f-radius", Math.round(e.layer.getRadius()));
    } else {
      var ring = e.layer.getLatLngs()[0].map(function (p) { return p.lng.toFixed(6) + " " + p.lat.toFixed(6); });
      ring.push(ring[0]);
      set("f-polygon", "POLYGON((" + ring.join(", ") + "))");
    }
    form.submit();
  });
  document.getElementById("use-extent").addEventListener("click", function () {
    var b = map.getBounds();
    clearArea();
    set("f-bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(","));
    form.submit();
  });
  document.getElementById("clear-area").addEventListener("click", function () { clearArea(); form.submit(); });
  window.Establishments = {map: map};
})();
