"""Rewrite the field lists of the documentation from the layer registry."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.layers.docs import DOCUMENTS, document_update, documents_check


class Command(BaseCommand):
    help = _("Rewrite the layers' field lists in docs/exports.md and docs/api.md from monitoring/layers.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help=_("only report documents that are out of date")
        )

    def handle(self, *args, check: bool, **options):
        root = Path(settings.BASE_DIR)
        if check:
            if stale := documents_check(root):
                raise CommandError(_("Out of date: %(names)s") % {"names": ", ".join(stale)}, returncode=1)
            return
        for name in DOCUMENTS:
            path = root / name
            path.write_text(document_update(path.read_text()))
