"""GeoJSON (RFC 7946): a FeatureCollection streamed feature by feature through the one
writer (``geo.geojson``). The metadata is a foreign member ``metadata`` at the top; the
row count, known only at the end, is the last member ``numberReturned``."""

from geo.geojson import feature_collection_chunks
from monitoring.exports.formats.base import ExportFormat
from monitoring.exports.query import CHUNK_ROWS

__all__ = ["GeoJSONFormat"]


class GeoJSONFormat(ExportFormat):
    name = "geojson"
    extension = "geojson"
    content_type = "application/geo+json"

    def stream(self, export):
        def features():
            for chunk in export.feature_chunks():
                yield from chunk
                export.advance(len(chunk))

        yield from feature_collection_chunks(
            features(),
            members={"name": export.layer.name, "metadata": export.metadata()},
            trailing=lambda: {"numberReturned": export.rows_written},
            chunk=CHUNK_ROWS,
        )
