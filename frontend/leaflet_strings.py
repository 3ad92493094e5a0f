"""Leaflet's and its plugins' own interface strings (and folium's number style) in the
page's language.

Leaflet, Leaflet.draw and Leaflet.fullscreen ship English titles ("Zoom in", "Draw a
polygon", "Finish"); the pages set them from Django's catalogue before any map is built,
so the .po files stay the one place a translation lives. ``leaflet_locale_script`` goes in
front of every folium map script (see ``frontend.base_map.map_script_render``).
"""

import json

from django.utils.translation import gettext as _

__all__ = ["leaflet_locale_script", "leaflet_strings"]


def leaflet_strings() -> dict:
    """The strings, shaped as Leaflet's options and ``L.drawLocal`` are."""
    cancel = {"title": _("Cancel drawing"), "text": _("Cancel")}
    return {
        "zoom": {"zoomInTitle": _("Zoom in"), "zoomOutTitle": _("Zoom out")},
        "fullscreen": {"title": _("Full screen"), "titleCancel": _("Exit full screen")},
        "draw": {
            "draw": {
                "toolbar": {
                    "actions": cancel,
                    "finish": {"title": _("Finish drawing"), "text": _("Finish")},
                    "undo": {"title": _("Delete the last point drawn"), "text": _("Delete last point")},
                    "buttons": {
                        "polyline": _("Draw a line"),
                        "polygon": _("Draw a polygon"),
                        "rectangle": _("Draw a rectangle"),
                        "circle": _("Draw a circle"),
                        "marker": _("Place a marker"),
                        "circlemarker": _("Place a circle marker"),
                    },
                },
                "handlers": {
                    "circle": {
                        "tooltip": {"start": _("Click and drag to draw a circle.")},
                        "radius": _("Radius"),
                    },
                    "circlemarker": {"tooltip": {"start": _("Click the map to place a circle marker.")}},
                    "marker": {"tooltip": {"start": _("Click the map to place a marker.")}},
                    "polygon": {
                        "tooltip": {
                            "start": _("Click to start drawing the area."),
                            "cont": _("Click to continue drawing the area."),
                            "end": _("Click the first point to close the area."),
                        }
                    },
                    "polyline": {
                        "error": _("<strong>Error:</strong> the edges of the shape cannot cross!"),
                        "tooltip": {
                            "start": _("Click to start drawing the line."),
                            "cont": _("Click to continue drawing the line."),
                            "end": _("Click the last point to finish the line."),
                        },
                    },
                    "rectangle": {"tooltip": {"start": _("Click and drag to draw a rectangle.")}},
                    "simpleshape": {"tooltip": {"end": _("Release the mouse to finish drawing.")}},
                },
            },
            "edit": {
                "toolbar": {
                    "actions": {
                        "save": {"title": _("Save changes"), "text": _("Save")},
                        "cancel": {"title": _("Cancel editing and discard all changes"), "text": _("Cancel")},
                        "clearAll": {"title": _("Clear all layers"), "text": _("Clear all")},
                    },
                    "buttons": {
                        "edit": _("Edit layers"),
                        "editDisabled": _("No layers to edit"),
                        "remove": _("Delete layers"),
                        "removeDisabled": _("No layers to delete"),
                    },
                },
                "handlers": {
                    "edit": {
                        "tooltip": {
                            "text": _("Drag the handles or markers to edit the shapes."),
                            "subtext": _("Click Cancel to undo the changes."),
                        }
                    },
                    "remove": {"tooltip": {"text": _("Click a shape to remove it.")}},
                },
            },
        },
    }


# Runs before the map is made: the zoom control reads its titles when the map adds it, and
# Leaflet.draw reads L.drawLocal when its toolbar is added (the page loads leaflet.draw.js
# in its head, before this script).
_SCRIPT = """(function (s) {
  if (!window.L) return;
  function merge(into, from) {
    Object.keys(from).forEach(function (k) {
      if (from[k] && typeof from[k] === "object") { into[k] = into[k] || {}; merge(into[k], from[k]); }
      else { into[k] = from[k]; }
    });
  }
  merge(L.Control.Zoom.prototype.options, s.zoom);
  L.Control.Scale.prototype.options.imperial = false;  // kilometres only, in either language
  if (L.Control.FullScreen) merge(L.Control.FullScreen.prototype.options, s.fullscreen);
  if (L.drawLocal) merge(L.drawLocal, s.draw);
  // folium's tooltips call toLocaleString() with no locale, i.e. the browser's: numbers
  // then follow the page's language instead (1,234 in English, 1.234 in Vietnamese).
  var lang = document.documentElement.lang, own = Number.prototype.toLocaleString;
  if (lang && !own.pageLanguage) {
    Number.prototype.toLocaleString = function (locales, options) {
      return own.call(this, locales || lang, options);
    };
    Number.prototype.toLocaleString.pageLanguage = true;
  }
})(%s);
"""


def leaflet_locale_script() -> str:
    """JavaScript that sets Leaflet's strings; safe inside a ``<script>`` element."""
    text = json.dumps(leaflet_strings(), ensure_ascii=False)
    return _SCRIPT % text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
