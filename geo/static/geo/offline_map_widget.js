// The admin's map widget without an inline script (the Content-Security-Policy runs none
// without the request's nonce): each widget's options are a JSON block next to its map;
// the basemap is the country outlines from the app, plus tiles if BASEMAP_TILE_URL is set.
(function () {
  "use strict";
  function baseLayer(o) {
    var layers = [];
    if (o.tile_url) layers.push(new ol.layer.Tile({source: new ol.source.XYZ({url: o.tile_url})}));
    layers.push(new ol.layer.Vector({
      source: new ol.source.Vector({url: o.countries_url, format: new ol.format.GeoJSON()}),
      style: new ol.style.Style({
        fill: new ol.style.Fill({color: "rgba(238, 232, 213, 0.9)"}),
        stroke: new ol.style.Stroke({color: "#8a8170", width: 1})
      })
    }));
    return new ol.layer.Group({layers: layers});
  }
  function start() {
    document.querySelectorAll("script.offline-map-widget").forEach(function (block) {
      var o = JSON.parse(block.textContent);
      window[o.module] = new MapWidget({
        base_layer: baseLayer(o),
        geom_name: o.geom_name,
        id: o.id,
        map_id: o.id + "_map",
        map_srid: o.map_srid,
        name: o.name,
        default_lon: o.default_lon,
        default_lat: o.default_lat,
        default_zoom: o.default_zoom
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
