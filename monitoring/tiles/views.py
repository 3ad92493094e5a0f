"""``/tiles/<layer>.json`` (TileJSON) and ``/tiles/<layer>/<key>/<z>/<x>/<y>.pbf``: a
vector tile of the user's rows. Logged-in users only (session, token or HTTP Basic); the
layer's view permission; the user's area.

A tile depends on the account, and QGIS caches tiles by URL alone: the keyed URL is the
account's own (``monitoring.tiles.keys``) and may be kept for five minutes; the URL
without a key is answered ``no-store``, so no cache ever hands it to another account."""

import hashlib
import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied

from geo.areas import Area
from monitoring.layers import Layer
from monitoring.ogc.views import OgcView
from monitoring.tiles.keys import tile_key_check
from monitoring.tiles.layers import TILE_LAYERS
from monitoring.tiles.mvt import tile_bytes, tile_in_range
from monitoring.tiles.tilejson import tilejson_document

MVT = "application/vnd.mapbox-vector-tile"
KEYED_CACHE = "private, max-age=300"
UNKEYED_CACHE = "private, no-store"


class TileLayerView(OgcView):
    def tile_layer(self, name: str) -> Layer:
        tile_layer = TILE_LAYERS.get(name)
        if tile_layer is None:
            raise NotFound(_("No tile layer is called “%(name)s”.") % {"name": name})
        if not self.request.user.has_perm(tile_layer.permission):
            raise PermissionDenied(_("You may not read the layer “%(name)s”.") % {"name": name})
        return tile_layer


class TileJsonView(TileLayerView):
    def get(self, request, layer):
        document = tilejson_document(
            self.tile_layer(layer), user=request.user, tiles_url=request.build_absolute_uri("/tiles/")
        )
        # The document holds the account's key: no cache may give it to another account.
        return HttpResponse(
            json.dumps(document, ensure_ascii=False),
            content_type="application/json",
            headers={"Cache-Control": UNKEYED_CACHE, "Vary": "Cookie, Authorization"},
        )


class TileView(TileLayerView):
    def get(self, request, layer, z, x, y, key=None):
        tile_layer = self.tile_layer(layer)
        if key is not None:
            tile_key_check(request.user, key, layer=layer)
        if not tile_in_range(z, x, y) or z > tile_layer.tile_max_zoom:
            raise NotFound(
                _("No tile %(z)s/%(x)s/%(y)s: x and y run from 0 to 2^z − 1.") % {"z": z, "x": x, "y": y}
            )
        data = tile_bytes(tile_layer, scope=Area.of(request.user), z=z, x=x, y=y)
        etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
        headers = {
            "ETag": etag,
            "Cache-Control": KEYED_CACHE if key is not None else UNKEYED_CACHE,
            "Vary": "Cookie, Authorization",
        }
        if etag in request.headers.get("If-None-Match", ""):
            return HttpResponse(status=304, headers=headers)
        return HttpResponse(data, content_type=MVT, headers=headers)
