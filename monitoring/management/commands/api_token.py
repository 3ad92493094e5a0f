"""``python manage.py api_token USERNAME [--rotate]``: print the user's API token (for
``Authorization: Token …`` on /api/, /ogc/ and /tiles/), creating it if needed."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.api.tokens import token_for


class Command(BaseCommand):
    help = _("Print (creating it if needed) the API token of a user.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help=_("Replace an existing token with a new one.")
        )

    def handle(self, *args, username, rotate, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("No user is called “%(name)s”: check the name in the admin.") % {"name": username}
            )
        if not user.is_active:
            raise CommandError(_("The account “%(name)s” is disabled: enable it first.") % {"name": username})
        token = token_for(user, rotate=rotate)
        self.stdout.write(token.key)
