"""GeoJSON layers for the maps and the admin map widget."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from geo import selectors


@require_GET
@login_required
def country_outlines_geojson(request):
    """Vietnam and neighbours: the basemap drawn when no tile server is reachable."""
    return HttpResponse(selectors.country_outlines_geojson(), content_type="application/geo+json")
