/* Maps shown side by side move together: LinkedMaps.follow(map, all) makes every map in
   all() (a function: the set may change) take `map`'s centre and zoom whenever it moves. */
(function () {
  "use strict";
  var syncing = false;
  window.LinkedMaps = {
    follow: function (map, all) {
      map.on("move", function () {
        if (syncing) return;
        syncing = true;
        try {
          all().forEach(function (other) {
            if (other !== map) other.setView(map.getCenter(), map.getZoom(), {animate: false});
          });
        } finally {
          syncing = false;
        }
      });
    }
  };
})();
