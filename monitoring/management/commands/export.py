"""``python manage.py export LAYER --format geojson|csv|xlsx|gpkg [--filter key=value ...]
[--user USERNAME] [--public] -o FILE``: the web export's code path from the command line.

Without ``--user`` the run sees every area and exact figures (unless ``--public``); with
it, the user's permissions, areas and small-count protection apply as on the web."""

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from monitoring.establishments.filters import FilterError
from monitoring.exports import export_prepare, export_write, format_get
from monitoring.exports.formats import FORMATS, FormatNotFound
from monitoring.layers import LAYERS, LayerNotFound


class Command(BaseCommand):
    help = "Export a layer (with filters) as GeoJSON, CSV, XLSX or GeoPackage."

    def add_arguments(self, parser):
        parser.add_argument("layer", help=", ".join(LAYERS))
        parser.add_argument("--format", dest="fmt", default="geojson", help=", ".join(FORMATS))
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="a filter as on the web, e.g. --filter commune=01001 --filter type=karaoke",
        )
        parser.add_argument("--user", help="export as this user (their areas and permissions)")
        parser.add_argument("--public", action="store_true", help="protect small counts as for the public")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, layer, fmt, filter, user, public, output, **options):
        params = QueryDict(mutable=True)
        for item in filter:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"--filter {item!r}: write KEY=VALUE, e.g. --filter commune=01001")
            params.appendlist(key.strip(), value.strip())
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"--user {user!r}: no such account.")
        verbosity = options.get("verbosity", 1)

        def progress(rows: int) -> None:
            if verbosity:
                self.stderr.write(f"\r{rows:,} rows written", ending="")
                self.stderr.flush()

        try:
            fmt_ = format_get(fmt)
            export = export_prepare(
                layer_name=layer,
                params=params,
                user=account,
                public=public,
                channel="command",
                progress=progress,
            )
            export_write(export, fmt_, output)
        except (LayerNotFound, FormatNotFound, FilterError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        if verbosity:
            self.stderr.write("")
            self.stdout.write(f"{export.layer.name}: {export.rows_written:,} rows → {output}")
        sys.stdout.flush()
