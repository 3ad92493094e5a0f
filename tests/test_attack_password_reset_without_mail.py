"""Issue 21, item 11: password reset was open with no mail configured: the request failed
in the log and the user was told a message was sent. Now the reset pages and the login
link exist only when mail can be sent (``EMAIL_HOST``, or a console or file backend chosen
explicitly); otherwise the page says to ask the administrator, and no mail is tried."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def no_mail(settings, client):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = ""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    User.objects.create_user("lan", email="lan@example.vn", password="pw-for-reset-tests")


def test_without_mail_the_reset_page_says_to_ask_the_administrator(client, no_mail):
    response = client.get("/accounts/password_reset/")
    assert response.status_code == 200
    assert "Ask your administrator" in response.content.decode()
    assert b'name="email"' not in response.content


def test_without_mail_a_reset_request_sends_nothing_and_claims_nothing(client, no_mail, monkeypatch):
    tried = []
    monkeypatch.setattr(
        "django.core.mail.backends.smtp.EmailBackend.send_messages", lambda self, m: tried.append(m)
    )
    response = client.post("/accounts/password_reset/", {"email": "lan@example.vn"}, follow=True)
    assert tried == []
    text = response.content.decode()
    assert "Ask your administrator" in text
    assert "emailed you instructions" not in text


def test_without_mail_the_login_page_offers_no_reset_link(client, no_mail):
    response = client.get("/accounts/login/")
    assert b"/accounts/password_reset/" not in response.content
    assert "Ask your administrator" in response.content.decode()


def test_with_a_mail_backend_chosen_the_reset_is_offered_and_sent(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # as console or file
    settings.EMAIL_HOST = ""
    User.objects.create_user("lan", email="lan@example.vn", password="pw-for-reset-tests")
    assert b"/accounts/password_reset/" in client.get("/accounts/login/").content
    response = client.post("/accounts/password_reset/", {"email": "lan@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
