"""The field lists in docs/exports.md and docs/api.md are the registry's, and the check
that says so fails on a stale list."""

from pathlib import Path

from django.conf import settings

from monitoring.layers import LAYERS
from monitoring.layers.docs import DOCUMENTS, blocks, document_update, documents_check

ROOT = Path(settings.BASE_DIR)


def test_every_document_holds_the_registry_field_lists():
    assert documents_check(ROOT) == []
    texts = "".join((ROOT / name).read_text() for name in DOCUMENTS)
    for name in blocks():
        assert f"<!-- layers:{name} -->" in texts, name


def test_a_stale_list_is_rewritten_from_the_registry():
    stale = "<!-- layers:rest -->\n* `communes`: `code`\n<!-- /layers:rest -->\n"
    updated = document_update(stale)
    assert updated != stale
    assert (
        f"* `communes`: {', '.join(f'`{n}`' for n in LAYERS['communes'].property_names('rest'))}" in updated
    )
