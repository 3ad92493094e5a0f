"""``manage.py export`` and ``/exports/`` write the same file for the same filter, and
the streamed output does not depend on where chunks begin and end."""

import io
import json
import os
import re
import threading

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import translation

from monitoring.exports import export_chunks, export_prepare, format_get, query, signals
from monitoring.exports.formats import gpkg
from tests import export_data

pytestmark = pytest.mark.django_db


def without_time(content: bytes) -> bytes:
    return re.sub(rb'"generated_at": ?"[^"]+"', b'"generated_at":""', content)


@pytest.fixture
def world():
    return export_data.small_province()


@pytest.mark.parametrize(
    ("layer", "filters"),
    [
        ("establishments", {"commune": "73101,73102", "type": "karaoke,bar"}),
        ("communes", {"parent_code": "731"}),
        ("case-counts", {"period_from": "2026-05", "indicator": "illegal_users", "unit": "73"}),
    ],
)
def test_command_and_web_give_identical_geojson(client, world, tmp_path, layer, filters):
    path = tmp_path / "out.geojson"
    stdout, stderr = io.StringIO(), io.StringIO()
    arguments = [f"--filter={k}={v}" for k, v in filters.items()]
    with translation.override("vi"):  # the web's default language, whatever an earlier test left active
        call_command(
            "export", layer, "--format", "geojson", *arguments, "-o", str(path), stdout=stdout, stderr=stderr
        )
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests"))
    response = client.get(f"/exports/{layer}.geojson", filters)
    assert response["Content-Type"] == "application/geo+json"
    web = b"".join(response.streaming_content)
    assert without_time(web) == without_time(path.read_bytes())
    body = json.loads(web)
    assert body["numberReturned"] == len(body["features"]) > 0
    assert f"{len(body['features']):,} rows written" in stderr.getvalue()
    assert f"{len(body['features']):,} rows →" in stdout.getvalue()


def test_command_as_a_user_applies_their_areas_and_public_protects(world, tmp_path):
    export_data.account(
        "insp-b", *export_data.ALL_VIEW_PERMISSIONS, "monitoring.view_exact_counts", area=world["b"]
    )
    path = tmp_path / "counts.geojson"
    call_command(
        "export",
        "case-counts",
        "--user",
        "insp-b",
        "-o",
        str(path),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    rows = [f["properties"] for f in json.loads(path.read_text())["features"]]
    assert {r["commune_code"] for r in rows} == {"73201"}
    assert {r["value"] for r in rows if r["indicator"] == "illegal_users"} == {0, 2}
    call_command(
        "export", "case-counts", "--user", "insp-b", "--public", "-o", str(path), stdout=io.StringIO()
    )
    rows = [f["properties"] for f in json.loads(path.read_text())["features"]]
    assert {r["value"] for r in rows if r["indicator"] == "illegal_users"} == {0, "<5"}


def test_command_errors_name_what_to_fix_and_write_nothing(world, tmp_path):
    path = tmp_path / "never.csv"
    with pytest.raises(CommandError, match=r"--user 'nobody': no such account\."):
        call_command("export", "communes", "--user", "nobody", "-o", str(path))
    with pytest.raises(CommandError, match=r"--filter 'commune': write KEY=VALUE"):
        call_command("export", "establishments", "--filter", "commune", "-o", str(path))
    export_data.account("no-perms", area=world["a"])
    with (
        translation.override("en"),
        pytest.raises(CommandError, match=r"needs the permission geo\.view_adminunit"),
    ):
        call_command("export", "communes", "--user", "no-perms", "-o", str(path))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg"])
@pytest.mark.parametrize("layer", ["establishments", "case-counts"])
def test_output_does_not_depend_on_chunk_size(world, monkeypatch, layer, fmt):
    # Only the small province: other data in the database (the demo) would make a
    # one-row chunk size very slow without testing anything more.
    params = {"province": "73"} if layer == "establishments" else {"unit": "73"}

    def produce(public: bool) -> bytes:
        export = export_prepare(layer_name=layer, params=params, user=None, public=public)
        content = b"".join(export_chunks(export, format_get(fmt)))
        return without_time(content) if fmt != "gpkg" else pyogrio_rows(content)

    for public in (False, True):
        expected = produce(public)
        for size in (1, 2, 5):
            monkeypatch.setattr(query, "CHUNK_ROWS", size)
            monkeypatch.setattr(gpkg, "BATCH_ROWS", size)
            assert produce(public) == expected, (size, public)
        monkeypatch.undo()


def pyogrio_rows(content: bytes):
    import tempfile

    import pyogrio

    with tempfile.NamedTemporaryFile(suffix=".gpkg") as handle:
        handle.write(content)
        handle.flush()
        frame = pyogrio.read_dataframe(handle.name)
    if "geometry" in frame.columns:
        frame = frame.to_wkt()
    return frame.to_json(date_format="iso")


def test_web_export_streams_in_chunks_and_announces_the_finished_export(client, world, monkeypatch, tmp_path):
    finished = []

    def receiver(sender, export, fmt, **kwargs):
        finished.append((export.channel, export.user, export.layer.name, fmt, export.rows_written))

    monkeypatch.setattr(query, "CHUNK_ROWS", 1)
    signals.export_finished.connect(receiver)
    try:
        user = User.objects.create_superuser("root", password="pw-for-tests")
        client.force_login(user)
        response = client.get("/exports/establishments.csv", {"province": "73"})
        assert response.streaming
        parts = list(response.streaming_content)
        assert len(parts) == 1 + 3  # the header, then one part per row
        assert finished == [("web", user, "establishments", "csv", 3)]
        path = tmp_path / "communes.gpkg"
        call_command(
            "export", "communes", "--format", "gpkg", "--filter", "parent_code=731,732",
            "-o", str(path), stdout=io.StringIO(),
        )  # fmt: skip
        assert finished[-1] == ("command", None, "communes", "gpkg", 3)
    finally:
        signals.export_finished.disconnect(receiver)


def test_command_writes_into_a_device_or_pipe_without_replacing_it(world, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    call_command(
        "export", "communes", "--format", "csv", "-o", str(fifo), stdout=io.StringIO(), stderr=io.StringIO()
    )
    reader.join(10)
    assert received[0].decode("utf-8-sig").splitlines()[0].startswith("code,name,level,parent_code")
    assert fifo.is_fifo()
