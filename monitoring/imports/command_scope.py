"""Arguments of the place import commands: ``FILE`` and ``--srid``, and ``--user
USERNAME``: the communes that user may write (their areas; None when the user sees
everything), so a command run for a user applies the same scope as the upload page."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from geo.areas import Area

__all__ = ["add_file_arguments", "add_user_argument", "allowed_for"]


def add_file_arguments(parser) -> None:
    """``FILE`` (CSV or XLSX) and ``--srid`` of its x,y columns."""
    parser.add_argument("file", type=Path, help=_("the CSV or XLSX file"))
    parser.add_argument(
        "--srid",
        type=int,
        default=4326,
        help=_("EPSG code of x,y in the file, e.g. 3405, 3406 or 5899 for VN-2000 (default 4326)"),
    )


def add_user_argument(parser) -> None:
    parser.add_argument(
        "--user",
        help=_("import as this user: only communes in the user's areas are accepted (default: no limit)"),
    )


def allowed_for(username: str | None, permission: str) -> frozenset[int] | None:
    """Unit ids ``username`` may write, None for no limit; ``CommandError`` if the user
    is unknown or lacks ``permission``."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("no user %(user)s") % {"user": username})
    if not user.has_perm(permission):
        raise CommandError(
            _("%(user)s lacks the permission %(permission)s") % {"user": username, "permission": permission}
        )
    return Area.of(user).unit_ids()
