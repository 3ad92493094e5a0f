"""URLs of the exports; included at ``exports/`` by ``config.urls``."""

from django.urls import path

from monitoring.exports import views

app_name = "exports"
urlpatterns = [
    path("<slug:layer>.<slug:fmt>", views.export_download, name="download"),
]
