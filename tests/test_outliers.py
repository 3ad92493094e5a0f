"""Outliers: each cell's plausible range from the commune's own history (modified z-score)
and the administrators' bounds, the grid that carries it, confirmations and comments saved
with the figures and audited, and the data-quality page that lists what is outside."""

import datetime
import doctest

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from geo.models import UserArea
from monitoring.imports.grid import field_name
from monitoring.models import AuditEvent, CaseCount, CellNote, Indicator, OutlierBound
from monitoring.quality import outliers
from monitoring.quality.outliers import cell_ranges, modified_z
from tests.import_units import build_units
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)
HISTORY = [10, 11, 9, 10, 12, 10, 11, 9, 10, 13, 8, 10]  # April 2025 to February 2026


@pytest.fixture
def units():
    return build_units()


def indicator(code):
    return Indicator.objects.get(code=code)


def history(unit, code, values, *, end=MARCH):
    """``values`` for the months just before ``end``, oldest first."""
    for back, value in enumerate(reversed(values), start=1):
        index = end.year * 12 + end.month - 1 - back
        month = datetime.date(index // 12, index % 12 + 1, 1)
        CaseCount.objects.create(unit=unit, period=month, indicator=indicator(code), value=value)


def range_of(unit, code, period=MARCH):
    ind = indicator(code)
    return cell_ranges(unit_ids=[unit.id], indicator_ids=[ind.id], period=period)[(unit.id, ind.id)]


def client_for(units, *codes, perms=("add_casecount", "view_casecount", "view_exact_counts")):
    user = User.objects.create_user("u-" + "-".join(codes) + "-" + "-".join(p[:4] for p in perms))
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="monitoring", codename__in=perms)
    )
    for code in codes:
        UserArea.objects.create(user=user, unit=units[code])
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client, user


def test_the_doctests_of_the_outlier_rule_hold():
    result = doctest.testmod(outliers)
    assert result.attempted >= 8 and result.failed == 0


def test_a_spike_is_flagged_and_ordinary_variation_is_not(units):
    history(units["10001"], "illegal_users", HISTORY)
    cell = range_of(units["10001"], "illegal_users")
    assert cell.history == 12 and cell.median == 10
    assert not any(cell.is_outlier(v) for v in (8, 10, 13, 14))
    assert cell.is_outlier(25) and cell.reason(25) == "history"
    assert modified_z(25, HISTORY) > 3.5 > modified_z(14, HISTORY)


def test_a_short_history_flags_nothing(units):
    history(units["10001"], "illegal_users", [10, 10, 10, 10, 10])
    cell = range_of(units["10001"], "illegal_users")
    assert (cell.low, cell.high, cell.median) == (None, None, None)
    assert not cell.is_outlier(500)


def test_a_flat_history_of_zeros_does_not_flag_one_case(units):
    history(units["10001"], "relapses", [0] * 10)
    cell = range_of(units["10001"], "relapses")
    assert not cell.is_outlier(1) and not cell.is_outlier(3)
    assert cell.is_outlier(4)


def test_a_bound_wins_over_the_history(units):
    history(units["10001"], "illegal_users", HISTORY)
    OutlierBound.objects.create(indicator=indicator("illegal_users"), maximum=12)
    cell = range_of(units["10001"], "illegal_users")
    assert not cell.is_outlier(12)
    assert cell.is_outlier(13) and cell.reason(13) == "bound"


def test_bounds_alone_hold_where_the_history_lies_outside_them(units):
    history(units["10001"], "illegal_users", [100, 110, 90, 100, 105, 95])
    OutlierBound.objects.create(indicator=indicator("illegal_users"), maximum=50)
    cell = range_of(units["10001"], "illegal_users")
    assert (cell.low, cell.high) == (None, 50)
    assert cell.is_outlier(100) and not cell.is_outlier(40)


def test_a_commune_bound_beats_the_indicator_bound(units):
    users = indicator("illegal_users")
    OutlierBound.objects.create(indicator=users, maximum=20)
    OutlierBound.objects.create(indicator=users, unit=units["10001"], maximum=200)
    assert not range_of(units["10001"], "illegal_users").is_outlier(150)
    assert range_of(units["10002"], "illegal_users").is_outlier(150)


def test_the_grid_carries_each_cells_range_and_flags_a_stored_outlier(units):
    history(units["10001"], "illegal_users", HISTORY)
    OutlierBound.objects.create(indicator=indicator("hotspots"), maximum=50)
    CaseCount.objects.create(
        unit=units["10001"], period=MARCH, indicator=indicator("illegal_users"), value=40
    )
    client, _user = client_for(units, "10001")
    html = client.get("/data/entry/?month=2026-03").content.decode()
    users, hotspots = (
        f'id="{field_name(units["10001"].id, indicator(c).id)}"' for c in ("illegal_users", "hotspots")
    )
    assert 'data-low="5" data-high="15" data-median="10"' in html.split(users)[1].split(">")[0]
    assert 'data-high="50" data-hb' in html.split(hotspots)[1].split(">")[0]
    assert '<td class="out">' in html
    assert "far from this commune&#x27;s usual 5–15 (median 10)" in html
    assert 'data-t-bound-high="above the highest plausible value %(high)s"' in html
    assert 'src="/static/frontend/data_entry.js"' in html


def confirm_post(units, value="40", comment="Một đợt truy quét bắt nhiều người."):
    key = f"{units['10001'].id}-{indicator('illegal_users').id}"
    data = {f"v-{key}": value, f"c-{key}": "1"}
    if comment is not None:
        data[f"n-{key}"] = comment
    return data


def test_a_confirmed_value_is_stored_with_its_note_and_audited(units):
    history(units["10001"], "illegal_users", HISTORY)
    client, user = client_for(units, "10001")
    assert client.post("/data/entry/?month=2026-03", confirm_post(units)).status_code == 302
    note = CellNote.objects.get()
    assert (note.confirmed_value, note.comment, note.author) == (
        40,
        "Một đợt truy quét bắt nhiều người.",
        user,
    )
    event = AuditEvent.objects.get(object_type="monitoring.cellnote", user=user)
    assert (event.action, event.user, event.before) == ("create", user, None)
    assert event.after["confirmed_value"] == 40 and event.after["comment"] == note.comment
    html = client.get("/data/entry/?month=2026-03").content.decode()
    assert '<td class="confirmed noted">' in html and "confirmed as correct: far from" in html
    assert 'data-confirmed="40"' in html


def test_a_confirmation_without_a_comment_saves_nothing(units):
    history(units["10001"], "illegal_users", HISTORY)
    client, _user = client_for(units, "10001")
    before = table_checksums()
    response = client.post("/data/entry/?month=2026-03", confirm_post(units, comment=""))
    assert response.status_code == 400
    assert "a confirmed value needs a comment: say why this figure is correct" in response.content.decode()
    assert table_checksums() == before


def test_a_confirmation_without_a_value_saves_nothing(units):
    client, _user = client_for(units, "10001")
    before = table_checksums()
    response = client.post("/data/entry/?month=2026-03", confirm_post(units, value=""))
    assert response.status_code == 400
    assert "there is no value to confirm; write the figure first" in response.content.decode()
    assert table_checksums() == before


def test_a_comment_on_any_cell_is_created_changed_and_removed_with_an_audit_each(units):
    client, user = client_for(units, "10002")
    key = f"{units['10002'].id}-{indicator('hotspots').id}"
    client.post("/data/entry/?month=2026-03", {f"v-{key}": "2", f"n-{key}": "Hai điểm mới ở chợ."})
    assert CellNote.objects.get().comment == "Hai điểm mới ở chợ."
    client.post("/data/entry/?month=2026-03", {f"n-{key}": "Hai điểm mới ở chợ đêm."})
    client.post("/data/entry/?month=2026-03", {f"n-{key}": "Hai điểm mới ở chợ đêm."})  # unchanged
    client.post("/data/entry/?month=2026-03", {f"v-{key}": "3"})  # no comment field: kept
    assert CellNote.objects.get().comment == "Hai điểm mới ở chợ đêm."
    client.post("/data/entry/?month=2026-03", {f"n-{key}": "  "})
    assert not CellNote.objects.exists()
    events = AuditEvent.objects.filter(object_type="monitoring.cellnote", user=user).order_by("id")
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].before["comment"] == "Hai điểm mới ở chợ." and events[1].after["comment"].endswith(
        "đêm."
    )
    assert events[2].before["comment"].endswith("đêm.") and events[2].after is None


def test_a_comment_for_a_commune_outside_the_area_is_refused(units):
    client, _user = client_for(units, "10001")
    before = table_checksums()
    key = f"{units['10006'].id}-{indicator('hotspots').id}"
    assert client.post("/data/entry/?month=2026-03", {f"n-{key}": "không phải xã của tôi"}).status_code == 403
    assert table_checksums() == before


def test_a_comment_too_long_is_refused_with_its_length(units):
    client, _user = client_for(units, "10001")
    key = f"{units['10001'].id}-{indicator('hotspots').id}"
    response = client.post("/data/entry/?month=2026-03", {f"n-{key}": "x" * 2001})
    assert response.status_code == 400
    assert (
        "the comment has 2001 characters, more than 2000; shorten the comment." in response.content.decode()
    )
    assert not CellNote.objects.exists()


def outliers_page(client, query="?month=2026-03"):
    response = client.get("/data/quality/outliers/" + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_an_outlier_only_for_a_user_of_its_area(units):
    history(units["10001"], "illegal_users", HISTORY)
    CaseCount.objects.create(
        unit=units["10001"], period=MARCH, indicator=indicator("illegal_users"), value=40
    )
    CaseCount.objects.create(
        unit=units["10002"], period=MARCH, indicator=indicator("illegal_users"), value=40
    )
    inside, _user = client_for(units, "981")
    html = outliers_page(inside)
    cell = f"v-{units['10001'].id}-{indicator('illegal_users').id}"
    assert f'data-cell="{cell}"' in html and html.count("<tr class=") == 1
    assert f'href="/data/entry/?month=2026-03&amp;district=981#{cell}"' in html
    assert "far from this commune&#x27;s usual 5–15 (median 10)" in html
    assert "1 figure outside its range, 1 not confirmed." in html
    default = outliers_page(inside, "")  # the latest month with figures by default
    assert "Outliers, 03/2026" in default and f'data-cell="{cell}"' in default
    outside, _user = client_for(units, "982")
    assert f'data-cell="{cell}"' not in outliers_page(outside)
    assert "0 figures outside their range" in outliers_page(outside)


def test_a_confirmed_value_is_not_listed_as_unconfirmed_until_it_changes(units):
    history(units["10001"], "illegal_users", HISTORY)
    client, _user = client_for(units, "10001")
    client.post("/data/entry/?month=2026-03", confirm_post(units))
    html = outliers_page(client)
    table = html.split('id="outliers"')[1]
    assert '<tr class="confirmed"' in table and "not confirmed" not in table
    assert "Một đợt truy quét bắt nhiều người." in html
    assert "1 figure outside its range, 0 not confirmed." in html
    key = f"{units['10001'].id}-{indicator('illegal_users').id}"
    client.post("/data/entry/?month=2026-03", {f"v-{key}": "41"})
    html = outliers_page(client)
    assert '<tr class="out"' in html and "1 figure outside its range, 1 not confirmed." in html
    assert '<td class="out noted">' in client.get("/data/entry/?month=2026-03").content.decode()


def test_a_reader_without_exact_counts_sees_a_small_sensitive_outlier_protected(units):
    history(units["10001"], "relapses", [0] * 10)
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=indicator("relapses"), value=4)
    leader, _user = client_for(units, "98", perms=("view_casecount",))
    html = outliers_page(leader)
    row = html.split('<tr class="out"')[1].split("</tr>")[0]
    assert '<td data-label="Value" class="num">&lt;5</td>' in row
    assert ">4<" not in row
    assert "open in the grid" not in row  # no entry permission, no link to the grid
    exact, _user = client_for(units, "98")
    row = outliers_page(exact).split('<tr class="out"')[1].split("</tr>")[0]
    assert '<td data-label="Value" class="num">4</td>' in row


def test_a_bad_month_on_the_page_says_so_and_shows_the_default(units):
    client, _user = client_for(units, "10001")
    assert "That month could not be read" in outliers_page(client, "?month=2026-13")


def test_the_administrator_edits_outlier_bounds_in_the_admin(units):
    admin = User.objects.create_superuser("root-bounds", password="pw-for-tests")
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/monitoring/outlierbound/").status_code == 200
    response = client.post(
        "/admin/monitoring/outlierbound/add/",
        {"indicator": indicator("hotspots").id, "unit": "", "minimum": "", "maximum": "30"},
    )
    assert response.status_code == 302
    assert OutlierBound.objects.get().maximum == 30
    assert AuditEvent.objects.get(object_type="monitoring.outlierbound", user=admin).action == "create"
