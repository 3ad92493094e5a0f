"""The app's URLs plus one view that fails, to test what a user sees on a server error."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def broken(request):
    raise RuntimeError("secret detail that must never reach a user")


urlpatterns = [path("broken/", broken), *app_urlpatterns]
