"""The field lists of docs/exports.md and docs/api.md, written from the registry: each
list sits between ``<!-- layers:NAME -->`` and ``<!-- /layers:NAME -->`` and is rewritten
by ``manage.py layers_docs`` (``--check`` fails when a document is out of date, as the
test suite does)."""

import re
from pathlib import Path

from monitoring.layers import LAYERS

__all__ = ["DOCUMENTS", "blocks", "document_update"]

DOCUMENTS = ("docs/exports.md", "docs/api.md")
BLOCK = re.compile(r"(<!-- layers:(?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /layers:(?P=name) -->)", re.S)


def _names(names) -> str:
    return ", ".join(f"`{n}`" for n in names) or "—"


def _fields() -> str:
    lines = ["| layer | offered in | properties (type; label) | left out of |", "|---|---|---|---|"]
    for layer in LAYERS.values():
        properties = ", ".join(
            f"`{f.name}` ({f.type}{', protected' if f.sensitive else ''}; {f.label_en})"
            for f in layer.properties
        )
        omitted = (
            "; ".join(f"{f.name}: {', '.join(sorted(f.omit))}" for f in layer.properties if f.omit) or "—"
        )
        lines.append(f"| `{layer.name}` | {', '.join(sorted(layer.channels))} | {properties} | {omitted} |")
    return "\n".join(lines) + "\n"


def _per_layer(channel: str, names) -> str:
    return "".join(
        f"* `{layer.name}`: {_names(names(layer))}\n" for layer in LAYERS.values() if layer.offered(channel)
    )


def blocks() -> dict[str, str]:
    """Block name → its Markdown."""
    return {
        "fields": _fields(),
        "rest": _per_layer("rest", lambda layer: layer.property_names("rest")),
        "ogc-queryables": _per_layer("ogc", lambda layer: layer.queryables()),
        "tile": _per_layer(
            "tile",
            lambda layer: [*layer.property_names("tile"), f"from zoom {layer.tile_min_zoom}"],
        ),
    }


def document_update(text: str) -> str:
    """``text`` with every block rewritten from the registry (unknown blocks raise)."""
    generated = blocks()
    return BLOCK.sub(lambda m: m.group(1) + generated[m.group("name")] + m.group(4), text)


def documents_check(root: Path) -> list[str]:
    """The documents whose blocks differ from the registry."""
    return [
        name for name in DOCUMENTS if document_update((root / name).read_text()) != (root / name).read_text()
    ]
