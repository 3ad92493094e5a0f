"""Upload a boundary file and show what the import did, or every problem it found."""

import tempfile
from pathlib import Path

from django.shortcuts import render

from frontend.access import permission_required_403
from frontend.boundaries.forms import BoundaryUploadForm
from frontend.uploads import upload_slot
from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import


@permission_required_403("geo.add_adminunit", "geo.change_adminunit")
def boundary_upload(request):
    """GET: the form. POST: import the file (all or nothing) and show the report; with
    ``dry_run`` (the "Check first" button) only show what importing would change."""
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    report = error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = {key: form.cleaned_data[key] or None for key in (
            "code_field", "name_field", "parent_field", "population_field", "srid", "valid_from"
        )}  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="upload-") as folder:
            path = Path(folder) / ("upload" + Path(upload.name).suffix.lower())
            with path.open("wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            try:
                with upload_slot():
                    report = boundaries_import(
                        path=path,
                        level=form.cleaned_data["level"],
                        name=upload.name,
                        dry_run=bool(request.POST.get("dry_run")),
                        **options,
                    )
            except BoundaryImportError as exc:
                error = exc
    status = 400 if error is not None else 200
    return render(
        request,
        "frontend/boundary_upload.html",
        {"form": form, "report": report, "error": error},
        status=status,
    )
