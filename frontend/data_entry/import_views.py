"""Upload a case-count or place file: the same services as ``import_counts`` and
``import_places``, scoped to the user's communes; problems shown as a table."""

import datetime
import tempfile
from pathlib import Path

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.errors import BadInput
from core.parse import number_parse
from frontend.access import permission_required_403
from frontend.uploads import upload_slot
from geo.areas import Area
from monitoring.imports.cells import month_from_cell
from monitoring.imports.counts import case_counts_import
from monitoring.imports.places import places_import
from monitoring.imports.problems import ImportFileError, Problem

MAX_BYTES = 20 * 1024 * 1024
WHAT = {
    "counts": (gettext_lazy("Case counts"), "monitoring.add_casecount"),
    "establishment": (gettext_lazy("Establishments"), "monitoring.add_establishment"),
    "counselling-point": (gettext_lazy("Counselling points"), "monitoring.add_counsellingpoint"),
    "treatment-facility": (gettext_lazy("Treatment facilities"), "monitoring.add_treatmentfacility"),
    "sensitive-site": (gettext_lazy("Sensitive sites"), "monitoring.add_sensitivesite"),
}


def _run(request, what: str, upload) -> tuple[str, list]:
    """Import the upload; the summary line and the warning rules broken (``Problem``s),
    or raise ImportFileError."""
    name = Path(upload.name or "upload.csv").name
    if upload.size > MAX_BYTES:
        raise ImportFileError.refused(name, _("larger than 20 MB"), _("split the file by district or month."))
    allowed = Area.of(request.user).unit_ids()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as file:
            for chunk in upload.chunks():
                file.write(chunk)
        if what == "counts":
            period = None
            if request.POST.get("period"):
                period = month_from_cell(request.POST["period"])
                if not isinstance(period, datetime.date):
                    raise ImportFileError.refused(
                        name, _("the month option is not a month"), _("write it as YYYY-MM.")
                    )
            report = case_counts_import(
                path=path, period=period, sheet=request.POST.get("sheet") or None, allowed=allowed
            )
            return _(
                "%(rows)s rows: %(created)s figures created, %(changed)s changed, %(unchanged)s unchanged."
            ) % {
                "rows": report.rows,
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
            }, list(report.warnings)
        try:
            srid = number_parse(request.POST.get("srid") or 4326, parameter="srid", whole=True)
        except BadInput:
            raise ImportFileError.refused(
                name, _("the EPSG code is not a number"), _("write e.g. 4326, 3405 or 5899.")
            ) from None
        report = places_import(path=path, kind=what, srid=srid, allowed=allowed)
        return _("%(created)s places created, %(changed)s changed, %(unchanged)s unchanged.") % {
            "created": report.created,
            "changed": report.changed,
            "unchanged": report.unchanged,
        }, []


@require_http_methods(["GET", "POST"])
@permission_required_403("monitoring.add_casecount")
def data_import(request):
    choices = [(code, label) for code, (label, perm) in WHAT.items() if request.user.has_perm(perm)]
    summary, problems, status, what = None, [], 200, request.POST.get("what", "counts")
    warnings, count = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if what not in dict(choices):
            problems, status = (
                [Problem("", None, "what", what, _("you may not import this kind of data"))],
                403,
            )
        elif upload is None:
            problems, status = (
                [Problem("", None, "file", "", _("no file"), _("choose a .csv or .xlsx file."))],
                400,
            )
        else:
            try:
                with upload_slot():
                    summary, warnings = _run(request, what, upload)
            except ImportFileError as error:
                problems, status, count = error.problems, 400, error.count
    return render(
        request,
        "frontend/data_import.html",
        {
            "choices": choices,
            "what": what,
            "summary": summary,
            "problems": problems,
            "problem_count": len(problems) if count is None else count,
            "post": request.POST,
            "warnings": [
                {
                    "row": _("row %(row)s") % {"row": w.row},
                    "field": w.field,
                    "value": w.value,
                    "text": w.explanation,
                }
                for w in warnings
            ],
        },
        status=status,
    )
