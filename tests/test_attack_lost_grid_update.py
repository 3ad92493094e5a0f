"""Attack: two reporters open the same month's grid and save the same cell one after the
other. The second save must not overwrite the first silently: it is refused with 409,
told the figure it saw and the one stored now, and nothing of it is written. A cell the
second reporter left untouched keeps the first reporter's figure."""

import datetime
import re

import pytest

from monitoring.imports.grid import field_name, seen_name
from monitoring.models import CaseCount, Indicator
from tests.import_units import build_units
from tests.test_data_entry_page import reporter

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)
URL = "/data/entry/?month=2026-03"


def _form(html: str) -> dict[str, str]:
    """The grid's fields as a browser would post them (value and version of each cell)."""
    fields = re.findall(
        r'<input (?:type="hidden" )?(?:id="[^"]*" )?name="([vo]-[\d-]+)" value="([^"]*)"', html
    )
    return dict(fields)


def test_the_second_save_of_a_cell_is_refused_and_told_the_figure_stored_now():
    units = build_units()
    users = Indicator.objects.get(code="illegal_users")
    addicts = Indicator.objects.get(code="addicts_managed")
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=users, value=10)
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=addicts, value=4)
    first, second = reporter(units, "10001"), reporter(units, "981")
    cell, other = field_name(units["10001"].id, users.id), field_name(units["10001"].id, addicts.id)
    form_one = _form(first.get(URL).content.decode())
    form_two = _form(second.get(URL).content.decode())
    assert form_one[cell] == "10" and form_one[seen_name(units["10001"].id, users.id)] == "10"

    form_one |= {cell: "12", other: "5"}
    assert first.post(URL, form_one).status_code == 302
    form_two[cell] = "15"
    response = second.post(URL, form_two)

    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by another save after you opened the grid: it was 10, it is now 12" in html
    stored = dict(
        CaseCount.objects.filter(unit=units["10001"], period=MARCH).values_list("indicator", "value")
    )
    assert stored == {users.id: 12, addicts.id: 5}
    # Saved again from the refused page, the figure replaces the one stored now; the
    # untouched cell keeps the first reporter's 5.
    again = _form(html)
    assert again[seen_name(units["10001"].id, users.id)] == "12" and again[cell] == "15"
    assert second.post(URL, again).status_code == 302
    stored = dict(
        CaseCount.objects.filter(unit=units["10001"], period=MARCH).values_list("indicator", "value")
    )
    assert stored == {users.id: 15, addicts.id: 5}
