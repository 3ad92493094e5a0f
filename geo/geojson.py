"""The one GeoJSON writer (RFC 7946): every FeatureCollection the server emits — map
pages, page exports, export files, the REST API and the OGC API — is written here.

Features arrive either as JSON text already built by PostGIS (``ST_AsGeoJSON`` and
``json_build_object``, so a geometry is never parsed in Python) or as dicts.
``feature_collection_chunks`` yields bytes for a ``StreamingHttpResponse`` when the
collection is unbounded; ``feature_collection`` returns the whole text for bounded ones.
Foreign members (metadata, ``numberMatched``, links) go before ``features``; members only
known at the end (``numberReturned`` of a stream) come from ``trailing``.

    >>> feature_collection([feature(id=1, geometry='{"type":"Point","coordinates":[1,2]}',
    ...                             properties={"name": "A"})], members={"name": "x"})
    '{"type":"FeatureCollection","name":"x","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[1,2]},"properties":{"name":"A"}}]}'

This module imports nothing from Django: every layer of the project may use it.
"""

import json
from collections.abc import Callable, Iterable, Iterator

__all__ = ["feature", "feature_collection", "feature_collection_chunks", "json_text"]

CHUNK_FEATURES = 500


def json_text(value) -> str:
    """Compact JSON with Vietnamese kept readable; dates and decimals as text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def feature(*, geometry: str | dict | None, properties: dict | str, id=None) -> str:
    """One Feature as text. ``geometry`` and ``properties`` may be JSON text already."""
    geometry_text = (
        "null" if geometry is None else geometry if isinstance(geometry, str) else json_text(geometry)
    )
    properties_text = properties if isinstance(properties, str) else json_text(properties)
    identifier = "" if id is None else f'"id":{json_text(id)},'
    return f'{{"type":"Feature",{identifier}"geometry":{geometry_text},"properties":{properties_text}}}'


def _members(members: dict | None) -> str:
    return "".join(f"{json_text(k)}:{json_text(v)}," for k, v in (members or {}).items())


def _texts(features: Iterable[str | dict]) -> Iterator[str]:
    for item in features:
        yield item if isinstance(item, str) else json_text(item)


def feature_collection_chunks(
    features: Iterable[str | dict],
    *,
    members: dict | None = None,
    trailing: Callable[[], dict] | None = None,
    chunk: int = CHUNK_FEATURES,
) -> Iterator[bytes]:
    """The collection as UTF-8 byte chunks, ``chunk`` features at a time."""
    yield f'{{"type":"FeatureCollection",{_members(members)}"features":['.encode()
    batch: list[str] = []
    separator = ""
    for text in _texts(features):
        batch.append(text)
        if len(batch) >= chunk:
            yield (separator + ",".join(batch)).encode()
            separator, batch = ",", []
    if batch:
        yield (separator + ",".join(batch)).encode()
    tail = _members(trailing() if trailing else None).rstrip(",")
    yield (f"],{tail}}}" if tail else "]}").encode()


def feature_collection(features: Iterable[str | dict], *, members: dict | None = None) -> str:
    """The whole collection as text (for bounded collections)."""
    return b"".join(feature_collection_chunks(features, members=members)).decode()
