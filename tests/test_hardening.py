"""Hardening: security headers and cookies, login rate limiting, request size limit, and
error pages in Vietnamese that never show a stack trace."""

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from frontend.security_headers import content_security_policy
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


def test_the_policy_names_no_other_host_unless_a_tile_server_is_set(settings):
    assert "http" not in content_security_policy("n0nce")
    settings.BASEMAP_TILE_URL = "https://tiles.example.vn/{z}/{x}/{y}.png"
    assert "img-src 'self' data: blob: https://tiles.example.vn" in content_security_policy("n0nce")


def test_session_and_csrf_cookies_are_lax_and_the_session_cookie_http_only(client):
    User.objects.create_user("cookie", password="pw-for-tests-1")
    page = client.get("/accounts/login/")
    assert page.cookies["csrftoken"]["samesite"] == "Lax"
    client.post("/accounts/login/", {"username": "cookie", "password": "pw-for-tests-1"})
    session = client.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def test_production_cookies_are_secure_by_default():
    from config import settings as production

    assert (not production.DEBUG) == production.HTTPS
    assert production.SESSION_COOKIE_SECURE == production.CSRF_COOKIE_SECURE == production.HTTPS


def test_five_failed_logins_lock_that_username_from_that_address(client):
    User.objects.create_user("target", password="right-password-1")
    statuses = [
        client.post("/accounts/login/", {"username": "target", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    locked = client.post("/accounts/login/", {"username": "target", "password": "right-password-1"})
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert "15" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    other = Client(REMOTE_ADDR="10.1.2.3")  # the same account from another address is not locked
    assert (
        other.post("/accounts/login/", {"username": "target", "password": "right-password-1"}).status_code
        == 302
    )


def test_a_request_body_above_the_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_UPLOAD_MB = 1
    response = client.generic(
        "POST", "/maps/planning/coverage.json", b"x" * (1024 * 1024 + 1), content_type="application/json"
    )
    assert response.status_code == 413
    assert "1 MB" in response.content.decode()


def test_upload_check_names_the_file_and_the_limit(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from frontend.uploads import UploadTooLarge, upload_check

    settings.MAX_UPLOAD_MB = 1
    upload_check(SimpleUploadedFile("small.csv", b"a" * 1000))
    with (
        translation.override("en"),
        pytest.raises(UploadTooLarge, match=r"big.csv is 2.0 MB; the largest file accepted is 1 MB"),
    ):
        upload_check(SimpleUploadedFile("big.csv", b"a" * (2 * 1024 * 1024)))


@override_settings(DEBUG=False, ROOT_URLCONF="tests.support.error_urls", ALLOWED_HOSTS=["testserver"])
def test_a_server_error_shows_a_vietnamese_page_without_a_stack_trace():
    response = Client(raise_request_exception=False).get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Máy chủ gặp sự cố" in page
    assert "Traceback" not in page and "secret detail" not in page and "RuntimeError" not in page


@override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
def test_not_found_bad_request_and_forbidden_pages_are_vietnamese(client):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()
    bad = client.get("/", HTTP_HOST="evil.example")
    assert bad.status_code == 400 and "Yêu cầu không hợp lệ" in bad.content.decode()
    client.force_login(User.objects.create_user("no-role", password="pw-for-tests"))
    denied = client.get("/maps/risk/")
    assert denied.status_code == 403 and "Không có quyền truy cập" in denied.content.decode()
    assert client.get("/maps/risk/export.geojson").json()["code"] == "forbidden"


@override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
def test_a_form_without_its_csrf_token_gets_a_vietnamese_page():
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_api_reads_need_the_view_permission():
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory, force_authenticate
    from rest_framework.views import APIView

    from frontend.access import ModelViewPermissions
    from monitoring.models import CounsellingPoint

    class Points(APIView):
        permission_classes = [ModelViewPermissions]
        queryset = CounsellingPoint.objects.all()

        def get(self, request):
            return Response({"ok": True})

    view, request = Points.as_view(), APIRequestFactory().get("/api/points/")
    inspector = factories.role_user("api-inspector", "inspector", areas=[])
    leader = factories.role_user("api-leader", "leader", areas=[])
    force_authenticate(request, user=inspector)
    assert view(request).status_code == 403
    request = APIRequestFactory().get("/api/points/")
    force_authenticate(request, user=leader)
    assert view(request).status_code == 200
