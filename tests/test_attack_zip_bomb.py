"""Attack: a small zip whose member unpacks to far more than it weighs (a zip bomb). It is
refused by the sizes and ratios the zip's directory declares, before anything is
decompressed (``testzip``) or written to disk (``extractall``); so is a zip that declares
more than ``BOUNDARY_ZIP_MAX_MB`` in all. Also: past ``UPLOADS_AT_ONCE`` running imports,
an upload is told to try again (503)."""

import threading
import zipfile

import pytest
from django.db import connection
from django.utils import translation

from frontend.uploads import UPLOAD_SLOTS_LOCK, UploadsBusy, upload_slot
from geo.imports.errors import BoundaryImportError
from geo.imports.service import boundaries_import

pytestmark = pytest.mark.django_db
MEGABYTE = b"\0" * (1024 * 1024)


def zip_bomb(path, megabytes: int = 64):
    """A zip of one ``.shp`` member of ``megabytes`` zero bytes (about 1,000 : 1)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("bomb.shp", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(MEGABYTE)
    return path


def test_a_zip_bomb_is_refused_without_decompressing_or_writing_anything(tmp_path, monkeypatch):
    path = zip_bomb(tmp_path / "bomb.zip")
    assert path.stat().st_size < 200 * 1024
    touched = []
    monkeypatch.setattr(zipfile.ZipFile, "extractall", lambda self, *a, **k: touched.append("extractall"))
    monkeypatch.setattr(zipfile.ZipFile, "testzip", lambda self: touched.append("testzip"))
    with translation.override("en"), pytest.raises(BoundaryImportError) as error:
        boundaries_import(path=path, level="province")
    assert touched == []
    assert "bomb.shp would unpack to 64.0\xa0MB from" in str(error.value)
    assert "more than 100 times its packed size (a zip bomb?)." in str(error.value)


def test_a_zip_declaring_more_than_the_size_limit_is_refused_before_unpacking(tmp_path, settings):
    settings.BOUNDARY_ZIP_MAX_MB, settings.ZIP_MAX_RATIO = 16, 10**6
    path = zip_bomb(tmp_path / "big.zip", megabytes=20)
    with translation.override("en"), pytest.raises(BoundaryImportError) as error:
        boundaries_import(path=path, level="province")
    assert "big.zip: the zip would unpack to 20.0\xa0MB, more than 16.0\xa0MB." in str(error.value)


def test_an_upload_past_the_running_imports_cap_is_told_to_try_again(settings):
    settings.UPLOADS_AT_ONCE = 1
    held, release = threading.Event(), threading.Event()

    def other_upload():
        from django.db import connection as own

        with own.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, 0)", [UPLOAD_SLOTS_LOCK])
            held.set()
            release.wait(10)
            cursor.execute("SELECT pg_advisory_unlock(%s, 0)", [UPLOAD_SLOTS_LOCK])
        own.close()

    thread = threading.Thread(target=other_upload)
    thread.start()
    try:
        assert held.wait(10)
        with translation.override("en"), pytest.raises(UploadsBusy) as error, upload_slot():
            pass
        assert error.value.http_status == 503
        assert str(error.value) == "1 files are being imported already; try again in a few minutes."
    finally:
        release.set()
        thread.join()
    with upload_slot(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        assert cursor.fetchone()[0] == 1
