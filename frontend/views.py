"""Map pages. Views stay thin: they call a selector and render."""

from django.shortcuts import render

from frontend import home_map
from frontend.access import permission_required_403
from frontend.alerts.panel import home_alerts
from geo.areas import Area


@permission_required_403("geo.view_adminunit")
def home(request):
    """Home page: the user's area (communes, districts) and the land border on a map."""
    context = home_map.context(unit_ids=Area.of(request.user).unit_ids())
    context["alerts"] = home_alerts(request)
    return render(request, "frontend/home.html", context)
