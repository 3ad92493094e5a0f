"""Every finished export, from the web or the command line, is in the audit log with
its user, channel, layer, filter, format and row count."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from monitoring.models import AuditEvent
from tests import export_data

pytestmark = pytest.mark.django_db


def test_web_and_command_exports_are_audited(client, tmp_path):
    export_data.small_province()
    user = User.objects.create_superuser("auditor-root", password="pw-for-tests")
    client.force_login(user)
    response = client.get("/exports/establishments.csv", {"province": "73", "type": "karaoke"})
    rows = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    web = AuditEvent.objects.filter(action="export", channel="export").latest("id")
    assert (web.user, web.object_type, web.row_count) == (user, "establishments", len(rows) - 1)
    assert web.filter == {"province": "73", "type": "karaoke", "format": "csv"}

    call_command(
        "export", "communes", "--filter", "parent_code=731", "-o", str(tmp_path / "c.geojson"),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    command = AuditEvent.objects.filter(action="export", channel="command").latest("id")
    assert (command.user, command.object_type, command.row_count) == (None, "communes", 2)
    assert command.filter == {"parent_code": "731", "format": "geojson"}
