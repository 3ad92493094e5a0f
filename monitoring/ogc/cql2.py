"""CQL2 filters of the OGC items (OGC API – Features Part 3, "Basic CQL2" plus
``LIKE``, ``IN``, ``BETWEEN``, ``IS NULL`` and ``S_INTERSECTS``), in ``cql2-text`` or
``cql2-json``, parsed by pygeofilter and compiled here to a Django ``Q`` over the
collection's queryables only: a property is known by its registry name, and every value
reaches PostgreSQL as a bound parameter, so ``'; drop table …`` is a string to compare.

A comparison with an empty (``NULL``) value is false, so ``NOT`` selects the rest.
``LIKE`` takes ``%`` (any text) and ``_`` (one character), ``\\`` escaping either.
Geometries are in CRS84 (longitude, latitude)::

    >>> from monitoring.ogc.collections import COLLECTIONS
    >>> str(cql2_q("staff > 2 AND name LIKE 'Đ%'", "cql2-text", COLLECTIONS["counselling-points"]))[:40]
    "(AND: ('staff__isnull', False), ('staff_"
"""

import datetime
import json
import re

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Polygon
from django.db.models import Q
from django.utils.translation import gettext as _
from lark.exceptions import LarkError, UnexpectedEOF, UnexpectedInput, VisitError
from pygeofilter import ast, values
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parse as parse_text

from monitoring.ogc.collections import Collection
from monitoring.ogc.values import ParameterError, value_parse

__all__ = ["FILTER_LANGUAGES", "GEOMETRY_PROPERTY", "cql2_q"]

FILTER_LANGUAGES = ("cql2-text", "cql2-json")
GEOMETRY_PROPERTY = "geometry"
COMPARISONS = {
    ast.Equal: "exact",
    ast.LessThan: "lt",
    ast.LessEqual: "lte",
    ast.GreaterThan: "gt",
    ast.GreaterEqual: "gte",
}


class FilterError(ParameterError):
    """A ``filter`` that cannot be used (400), with where and why."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__("filter", text, reason)


def cql2_q(text: str, language: str, collection: Collection) -> Q:
    """The rows of ``collection`` that ``text`` (in ``language``) selects, as a ``Q``."""
    return _Compiler(text, collection).compile(_parse(text, language))


def _parse(text: str, language: str):
    if language == "cql2-json":
        try:
            document = json.loads(text)
        except ValueError as error:
            raise FilterError(
                text,
                _("not JSON: %(error)s (character %(position)s).")
                % {"error": error.msg, "position": error.pos + 1},
            ) from None
        try:
            return parse_json(_normalized(document))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            raise FilterError(text, _("not CQL2 JSON: %(error)s.") % {"error": str(error)[:200]}) from None
    try:
        return parse_text(text)
    except UnexpectedEOF:
        raise FilterError(text, _("the expression ends too early; complete it.")) from None
    except UnexpectedInput as error:
        token = getattr(error, "token", None)
        if token is not None and token.type == "$END":
            raise FilterError(text, _("the expression ends too early; complete it.")) from None
        near = text[error.pos_in_stream : error.pos_in_stream + 20] if error.pos_in_stream is not None else ""
        raise FilterError(
            text,
            _("cannot be read from character %(column)s (“%(near)s”); check the CQL2 text there.")
            % {"column": error.column, "near": near},
        ) from None
    except VisitError as error:
        raise FilterError(
            text, _("a value cannot be read: %(error)s.") % {"error": str(error.orig_exc)[:200]}
        ) from None
    except LarkError as error:
        raise FilterError(text, _("not CQL2 text: %(error)s.") % {"error": str(error)[:200]}) from None


def _normalized(node):
    """CQL2 JSON 1.0 in the words pygeofilter 0.4 reads: ``{"bbox": [...]}`` as a GeoJSON
    polygon (it misreads the order) and ``between``'s three arguments as two."""
    if isinstance(node, dict):
        args = node.get("args")
        if str(node.get("op", "")).lower() == "between" and isinstance(args, list) and len(args) == 3:
            node = {**node, "args": [args[0], [args[1], args[2]]]}
        box = node.get("bbox")
        if set(node) == {"bbox"} and isinstance(box, list) and len(box) in (4, 6):
            minx, miny, maxx, maxy = (box[0], box[1], box[3], box[4]) if len(box) == 6 else box
            ring = [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
            return {"type": "Polygon", "coordinates": [ring]}
        return {key: _normalized(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_normalized(value) for value in node]
    return node


def _like_regex(pattern: str) -> str:
    """A CQL2 ``LIKE`` pattern as an anchored regular expression."""
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            out.append(".*")
        elif char == "_":
            out.append(".")
        else:
            out.append(re.escape(char))
    return "^" + "".join(out) + "$"


class _Compiler:
    def __init__(self, text: str, collection: Collection) -> None:
        self.text, self.collection = text, collection

    def fail(self, reason: str):
        raise FilterError(self.text, reason)

    def compile(self, node) -> Q:
        if isinstance(node, ast.And):
            return self.compile(node.lhs) & self.compile(node.rhs)
        if isinstance(node, ast.Or):
            return self.compile(node.lhs) | self.compile(node.rhs)
        if isinstance(node, ast.Not):
            return ~self.compile(node.sub_node)
        if isinstance(node, ast.GeometryIntersects):
            return self.intersects(node)
        if isinstance(node, ast.IsNull):
            lookup, _kind = self.property(node.lhs)
            q = Q(**{f"{lookup}__isnull": True})
            return ~q if node.not_ else q
        if isinstance(node, ast.NotEqual):
            lookup, kind = self.property(node.lhs)
            return self.known(lookup) & ~Q(**{lookup: self.value(node.rhs, node.lhs.name, kind)})
        if type(node) in COMPARISONS:
            lookup, kind = self.property(node.lhs)
            value = self.value(node.rhs, node.lhs.name, kind)
            return self.known(lookup) & Q(**{f"{lookup}__{COMPARISONS[type(node)]}": value})
        if isinstance(node, ast.Like):
            lookup, kind = self.property(node.lhs)
            if kind != "str":
                self.fail(_("LIKE compares text; “%(name)s” is not text.") % {"name": node.lhs.name})
            regex = _like_regex(str(node.pattern))
            q = self.known(lookup) & Q(**{f"{lookup}__{'iregex' if node.nocase else 'regex'}": regex})
            return ~q if node.not_ else q
        if isinstance(node, ast.In):
            lookup, kind = self.property(node.lhs)
            if not isinstance(node.sub_nodes, list | tuple) or not node.sub_nodes:
                self.fail(_("IN takes a list of values: %(name)s IN ('a', 'b').") % {"name": node.lhs.name})
            choices = [self.value(v, node.lhs.name, kind) for v in node.sub_nodes]
            q = self.known(lookup) & Q(**{f"{lookup}__in": choices})
            return ~q if node.not_ else q
        if isinstance(node, ast.Between):
            lookup, kind = self.property(node.lhs)
            low = self.value(node.low, node.lhs.name, kind)
            high = self.value(node.high, node.lhs.name, kind)
            q = self.known(lookup) & Q(**{f"{lookup}__gte": low, f"{lookup}__lte": high})
            return ~q if node.not_ else q
        if isinstance(node, bool):
            return Q() if node else Q(pk__in=[])
        return self.fail(
            _(
                "“%(operator)s” is not offered; use comparisons, AND, OR, NOT, LIKE, IN, BETWEEN, "
                "IS NULL or S_INTERSECTS."
            )
            % {"operator": (getattr(node, "op", None) and node.op.value) or type(node).__name__}
        )

    @staticmethod
    def known(lookup: str) -> Q:
        """A comparison with an empty value is false (and ``NOT`` of it true)."""
        return Q(**{f"{lookup}__isnull": False})

    def property(self, node) -> tuple[str, str]:
        if not isinstance(node, ast.Attribute):
            self.fail(_("compare a property with a value, e.g. name = 'Karaoke'."))
        filters = self.collection.filters
        if node.name not in filters:
            self.fail(
                _("there is no property “%(name)s” to filter on; use %(names)s.")
                % {"name": node.name, "names": ", ".join([*filters, GEOMETRY_PROPERTY])}
            )
        return filters[node.name]

    def value(self, value, name: str, kind: str):
        if isinstance(value, ast.Node | values.Geometry | values.Envelope):
            self.fail(_("compare “%(name)s” with a value, not an expression.") % {"name": name})
        if kind == "date" and isinstance(value, datetime.date):
            return value if not isinstance(value, datetime.datetime) else value.date()
        if kind == "bool" and isinstance(value, bool):
            return value
        if isinstance(value, bool | datetime.date) or (kind in ("int", "float") and isinstance(value, str)):
            self.fail(
                _("“%(name)s” cannot be compared with %(value)s.") % {"name": name, "value": repr(value)[:60]}
            )
        if kind == "str" and not isinstance(value, str):
            self.fail(_("“%(name)s” is text: write the value in quotes.") % {"name": name})
        try:
            return value_parse(name, str(value), kind)
        except ParameterError as error:
            raise FilterError(self.text, error.message) from None

    def intersects(self, node) -> Q:
        if not (isinstance(node.lhs, ast.Attribute) and node.lhs.name == GEOMETRY_PROPERTY):
            self.fail(_("S_INTERSECTS takes the property geometry first: S_INTERSECTS(geometry, BBOX(…))."))
        return Q(**{f"{self.collection.geometry}__intersects": self.geometry(node.rhs)})

    def geometry(self, value):
        if isinstance(value, ast.Function) and value.name.lower() == "bbox":
            numbers = value.arguments
            if len(numbers) == 6:
                numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
            if len(numbers) != 4 or not all(
                isinstance(n, int | float) and not isinstance(n, bool) for n in numbers
            ):
                self.fail(_("BBOX takes four numbers: minlon, minlat, maxlon, maxlat."))
            minx, miny, maxx, maxy = numbers
            if minx > maxx or miny > maxy:
                self.fail(_("BBOX: the minimum must be below the maximum."))
            return _box(minx, miny, maxx, maxy)
        if isinstance(value, values.Geometry):
            try:
                geometry = GEOSGeometry(json.dumps(value.geometry), srid=4326)
            except (GEOSException, GDALException, ValueError, TypeError):
                return self.fail(_("the geometry cannot be read; write WKT in longitude, latitude."))
            if not geometry.valid:
                self.fail(_("the geometry is not valid: %(reason)s.") % {"reason": geometry.valid_reason})
            return geometry
        return self.fail(_("S_INTERSECTS takes a geometry (WKT) or BBOX(minlon, minlat, maxlon, maxlat)."))


def _box(minx, miny, maxx, maxy) -> Polygon:
    polygon = Polygon.from_bbox((minx, miny, maxx, maxy))
    polygon.srid = 4326
    return polygon
