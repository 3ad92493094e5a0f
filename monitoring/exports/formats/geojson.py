"""GeoJSON (RFC 7946): a FeatureCollection streamed feature by feature. The metadata is
a foreign member ``metadata`` at the top; the row count, known only at the end, is the
last member ``numberReturned``."""

import json

from monitoring.exports.formats.base import ExportFormat

__all__ = ["GeoJSONFormat"]


class GeoJSONFormat(ExportFormat):
    name = "geojson"
    extension = "geojson"
    content_type = "application/geo+json"

    def stream(self, export):
        metadata = json.dumps(export.metadata(), ensure_ascii=False)
        name = json.dumps(export.layer.name)
        yield f'{{"type":"FeatureCollection","name":{name},"metadata":{metadata},"features":['.encode()
        separator = ""
        for features in export.feature_chunks():
            yield (separator + ",".join(features)).encode()
            separator = ","
            export.advance(len(features))
        yield f'],"numberReturned":{export.rows_written}}}\n'.encode()
