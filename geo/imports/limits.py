"""Bounds on the work one boundary file may cause, checked before the heavy part starts:
vertices per feature (before any validity repair, reprojection or border query) and the
members of a zip (by their declared sizes and compression ratios, before anything is
unpacked or decompressed). The limits are settings (``BOUNDARY_MAX_VERTICES``,
``BOUNDARY_ZIP_MAX_MB``, ``ZIP_MAX_RATIO``; see docs/security.md)."""

import zipfile

import shapely
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from geo.imports.errors import BoundaryImportError, Problem

__all__ = ["vertices_check", "zip_members_check"]

#: A member this small may compress as well as it likes (headers, empty .cpg files).
RATIO_FREE_BYTES = 1024 * 1024


def vertices_check(*, frame, fields: dict, name: str) -> None:
    """Refuse the file if a feature has more than ``BOUNDARY_MAX_VERTICES`` vertices,
    naming each such feature (row, code) and the limit."""
    limit = settings.BOUNDARY_MAX_VERTICES
    counts = shapely.get_num_coordinates(frame.geometry.values)
    heavy = [index for index in range(len(counts)) if counts[index] > limit]
    if not heavy:
        return
    code_column = fields.get("code")
    problems = []
    for index in heavy[:20]:
        code = str(frame.iloc[index][code_column]) if code_column in frame.columns else ""
        problems.append(
            Problem(
                file=name,
                row=index + 1,
                code=code,
                field="geometry",
                value=str(int(counts[index])),
                reason=_("the feature has %(count)s vertices; a feature may have at most %(limit)s.")
                % {"count": f"{int(counts[index]):,}", "limit": f"{limit:,}"},
                fix=_("Simplify the layer (e.g. to 1 m with QGIS or mapshaper) and import it again."),
            )
        )
    raise BoundaryImportError(filename=name, problems=problems)


def zip_members_check(*, archive: zipfile.ZipFile, members: list[str], name: str) -> None:
    """Refuse a zip whose ``members`` declare more than ``BOUNDARY_ZIP_MAX_MB`` in all, or
    one of which declares more than ``ZIP_MAX_RATIO`` times its compressed size (a zip
    bomb). Reads only the zip's directory: nothing is decompressed or written."""
    infos = [archive.getinfo(member) for member in members]
    unpacked = sum(info.file_size for info in infos)
    limit = int(settings.BOUNDARY_ZIP_MAX_MB * 1024 * 1024)
    if unpacked > limit:
        raise BoundaryImportError.refused(
            name,
            _("the zip would unpack to %(size)s, more than %(limit)s.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
            _("Send only the boundary layer's files."),
        )
    ratio = settings.ZIP_MAX_RATIO
    for info in infos:
        if info.file_size > RATIO_FREE_BYTES and info.file_size > ratio * max(info.compress_size, 1):
            raise BoundaryImportError.refused(
                name,
                _(
                    "%(member)s would unpack to %(size)s from %(packed)s, more than %(ratio)s times its "
                    "packed size (a zip bomb?)."
                )
                % {
                    "member": info.filename,
                    "size": filesizeformat(info.file_size),
                    "packed": filesizeformat(info.compress_size),
                    "ratio": ratio,
                },
                _("Make the zip again from the original files."),
            )
