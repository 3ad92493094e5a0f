"""Map pages. Views stay thin: they call a selector and render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from frontend import home_map


@login_required
def home(request):
    """Home page: the province outline, its communes and the land border on a map."""
    return render(request, "frontend/home.html", home_map.context())
