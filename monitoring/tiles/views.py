"""``/tiles/<layer>/<z>/<x>/<y>.pbf``: a vector tile of the user's rows. Logged-in users
only (session, token or HTTP Basic); the layer's view permission; the user's area."""

import hashlib

from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied

from geo.areas import Area
from monitoring.ogc.views import OgcView
from monitoring.tiles.layers import TILE_LAYERS
from monitoring.tiles.mvt import tile_bytes, tile_in_range

MVT = "application/vnd.mapbox-vector-tile"


class TileView(OgcView):
    def get(self, request, layer, z, x, y):
        tile_layer = TILE_LAYERS.get(layer)
        if tile_layer is None:
            raise NotFound(_("No tile layer is called “%(name)s”.") % {"name": layer})
        if not request.user.has_perm(tile_layer.permission):
            raise PermissionDenied(_("You may not read the layer “%(name)s”.") % {"name": layer})
        if not tile_in_range(z, x, y):
            raise NotFound(
                _("No tile %(z)s/%(x)s/%(y)s: x and y run from 0 to 2^z − 1.") % {"z": z, "x": x, "y": y}
            )
        data = tile_bytes(tile_layer, scope=Area.of(request.user), z=z, x=x, y=y)
        etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
        headers = {"ETag": etag, "Cache-Control": "private, max-age=300", "Vary": "Cookie, Authorization"}
        if etag in request.headers.get("If-None-Match", ""):
            return HttpResponse(status=304, headers=headers)
        return HttpResponse(data, content_type=MVT, headers=headers)
