"""``--user USERNAME`` for the import commands: the communes that user may write
(their areas; None when the user sees everything), so a command run for a user applies
the same scope as the upload page."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from geo.areas import Area

__all__ = ["add_user_argument", "allowed_for"]


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
