"""An administrator edits criteria sets, class rules, criteria and key-route facts in
the admin, and types the thresholds the seed left empty."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from monitoring.models import ClassRule, CriteriaSet, Criterion

pytestmark = pytest.mark.django_db
MODELS = ["criteriaset", "classrule", "criterion", "keyroutemembership"]


@pytest.fixture
def admin_client_in_english(client):
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def criterion_form(criterion, **changes):
    data = {
        "class_rule": criterion.class_rule_id,
        "parent": criterion.parent_id or "",
        "letter": criterion.letter,
        "description": criterion.description,
        "kind": criterion.kind,
        "indicator_codes": ",".join(criterion.indicator_codes),
        "threshold": criterion.threshold if criterion.threshold is not None else "",
        "upper_bound": criterion.upper_bound if criterion.upper_bound is not None else "",
        "other_rule": criterion.other_rule_id or "",
        "confirmed": "on" if criterion.confirmed else "",
        "note": criterion.note,
        "order": criterion.order,
    }
    return data | changes


def type_three_users():
    return Criterion.objects.get(
        class_rule__criteria_set__scheme="qd28_2025", class_rule__drug_class="type_3", letter="a"
    )


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_pages_open(admin_client_in_english, model):
    for view in ("changelist", "add"):
        assert admin_client_in_english.get(reverse(f"admin:monitoring_{model}_{view}")).status_code == 200


def test_a_criteria_set_lists_its_rules_and_a_rule_lists_its_criteria(admin_client_in_english):
    criteria_set = CriteriaSet.objects.get(scheme="qd28_2025")
    page = admin_client_in_english.get(reverse("admin:monitoring_criteriaset_change", args=[criteria_set.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('name="rules-') > 4
    rule = ClassRule.objects.get(criteria_set=criteria_set, drug_class="type_1")
    page = admin_client_in_english.get(reverse("admin:monitoring_classrule_change", args=[rule.pk]))
    assert "Đáp ứng từ 2 tiêu chí của xã loại III" in page.content.decode()


def test_an_administrator_enters_a_threshold_left_empty(admin_client_in_english):
    criterion = type_three_users()
    url = reverse("admin:monitoring_criterion_change", args=[criterion.pk])
    response = admin_client_in_english.post(url, criterion_form(criterion, threshold="0.2", confirmed="on"))
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (str(criterion.threshold), criterion.confirmed) == ("0.2000", True)


def test_reading_a_part_with_its_whole_is_refused_with_a_message(admin_client_in_english):
    criterion = type_three_users()
    url = reverse("admin:monitoring_criterion_change", args=[criterion.pk])
    response = admin_client_in_english.post(
        url, criterion_form(criterion, indicator_codes="illegal_users,addicts_managed", threshold="0.2")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["indicator_codes"] == [
        "“addicts_managed” is part of “illegal_users”: reading both counts the same people twice."
    ]


def test_an_unknown_indicator_code_is_refused_with_a_message(admin_client_in_english):
    criterion = type_three_users()
    url = reverse("admin:monitoring_criterion_change", args=[criterion.pk])
    response = admin_client_in_english.post(url, criterion_form(criterion, indicator_codes="users"))
    assert response.context["adminform"].form.errors["indicator_codes"] == ["Unknown indicator code: users."]


def page_form_data(response):
    """The POST data a browser would send back for the admin change form, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {f"{management.prefix}-{name}": management[name].value() for name in management.fields}
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list):
                value = field.prepare_value(value)
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def test_a_class_rule_with_its_criteria_inline_saves_unchanged_and_with_a_threshold(admin_client_in_english):
    rule = ClassRule.objects.get(criteria_set__scheme="qd28_2025", drug_class="type_2")
    url = reverse("admin:monitoring_classrule_change", args=[rule.pk])
    data = page_form_data(admin_client_in_english.get(url))
    response = admin_client_in_english.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    prefix = next(key for key, value in data.items() if key.endswith("-letter") and value == "a")
    admin_client_in_english.post(url, data | {prefix.replace("-letter", "-threshold"): "0.3"})
    criterion = Criterion.objects.get(class_rule=rule, letter="a")
    assert (str(criterion.threshold), criterion.indicator_codes) == ("0.3000", ["illegal_users"])
