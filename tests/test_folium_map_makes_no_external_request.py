"""A folium map built with frontend.folium_offline loads nothing from another host.

No database and no Django settings are needed; run with ``-p no:django`` if
pytest-django is not configured.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import folium  # noqa: E402
from folium.plugins import Fullscreen, MarkerCluster  # noqa: E402

from frontend.folium_offline import (  # noqa: E402
    VENDORED_ASSETS,
    localize_assets,
    offline_map,
)

STATIC_ROOT = REPO / "frontend" / "static"
VENDOR = STATIC_ROOT / "vendor"

CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.S)
CSS_IMPORT = re.compile(r"""@import\s+(['"])(.*?)\1""")
SOURCE_MAP = re.compile(r"""[#@]\s*sourceMappingURL=(\S+)""")


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.links.append(value)
            if name == "style" and value:
                self.styles.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def _is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or url.strip().startswith("//") or parts.scheme in ("http", "https")


def _render(**kwargs) -> str:
    m = offline_map(location=[15.5, 108.0], zoom_start=8, **kwargs)
    cluster = MarkerCluster().add_to(m)
    folium.Marker([15.6, 108.1], icon=folium.Icon(icon="info-sign")).add_to(cluster)
    folium.Marker([15.4, 107.9], icon=folium.Icon(icon="star", prefix="fa")).add_to(cluster)
    return m.get_root().render()


@pytest.fixture(scope="module")
def rendered() -> _LinkCollector:
    parser = _LinkCollector()
    parser.feed(_render())
    return parser


def test_no_external_url_in_src_href_or_css(rendered):
    assert rendered.links, "the map loads no asset at all?"
    external = [u for u in rendered.links if _is_external(u)]
    assert not external, f"external src/href: {external}"
    css_urls = [u for block in rendered.styles for _, u in CSS_URL.findall(block)]
    assert not [u for u in css_urls if _is_external(u)], css_urls


def test_every_referenced_static_file_exists(rendered):
    local = [u for u in rendered.links if u.startswith("/static/")]
    assert len(local) == len(rendered.links), rendered.links
    assert any(u.endswith("leaflet.markercluster.js") for u in local)
    missing = [u for u in local if not (STATIC_ROOT / u[len("/static/") :]).is_file()]
    assert not missing, f"missing under {STATIC_ROOT}: {missing}"
    assert all(u.startswith("/static/vendor/") for u in local), local


def test_static_url_prefix_is_used():
    html = _render(static_url="/assets")  # trailing slash is added
    assert 'src="/assets/vendor/leaflet/leaflet.js"' in html
    assert "/static/" not in html


def test_url_for_overrides_static_url():
    html = _render(url_for=lambda path: f"/hashed/{path}?v=1")
    assert 'src="/hashed/vendor/leaflet/leaflet.js?v=1"' in html
    assert 'href="/hashed/vendor/leaflet.markercluster/MarkerCluster.css?v=1"' in html


def test_no_tile_layer_by_default():
    html = _render()
    assert "L.tileLayer" not in html
    assert "openstreetmap" not in html.lower()


def test_folium_classes_are_not_modified():
    _render()
    assert folium.Map.default_js[0][1].startswith("https://")
    assert MarkerCluster.default_js[0][1].startswith("https://")
    plain = folium.Map(tiles=None).get_root().render()
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in plain


@pytest.mark.parametrize("element_class", [folium.Map, MarkerCluster, Fullscreen])
def test_mapping_covers_folium_defaults(element_class):
    for _, url in [*element_class.default_js, *element_class.default_css]:
        assert url in VENDORED_ASSETS, f"{element_class.__name__}: no vendored copy of {url}"


def test_localize_assets_on_a_plugin_instance():
    cluster = localize_assets(MarkerCluster(), static_url="/s/")
    assert cluster.default_js == [
        ("markerclusterjs", "/s/vendor/leaflet.markercluster/leaflet.markercluster.js")
    ]
    assert localize_assets(cluster, static_url="/s/").default_js == cluster.default_js


def test_unvendored_asset_raises_naming_the_url():
    element = localize_assets(MarkerCluster())  # own list: add_js_link must not touch the class
    element.add_js_link("extra", "https://example.com/lib.js")
    with pytest.raises(ValueError, match=r"https://example\.com/lib\.js"):
        localize_assets(element)

    m = offline_map()
    plugin = MarkerCluster().add_to(m)
    plugin.default_css = [("unknown_css", "//cdn.example.org/x.css")]
    with pytest.raises(ValueError, match=r"//cdn\.example\.org/x\.css"):
        m.get_root().render()


def _vendored(suffix: str) -> list[Path]:
    return sorted(p for p in VENDOR.rglob(f"*{suffix}") if p.is_file())


@pytest.mark.parametrize("css", _vendored(".css"), ids=lambda p: str(p.relative_to(VENDOR)))
def test_vendored_css_references_resolve(css: Path):
    text = css.read_text(encoding="utf-8")
    refs = [u for _, u in CSS_URL.findall(text)] + [u for _, u in CSS_IMPORT.findall(text)]
    for ref in refs:
        ref = ref.strip()
        if ref.startswith(("data:", "#")):
            continue
        assert not _is_external(ref), f"{css}: external reference {ref}"
        target = (css.parent / urlsplit(ref).path).resolve()
        assert target.is_file(), f"{css}: {ref} -> {target} does not exist"


@pytest.mark.parametrize(
    "asset", _vendored(".css") + _vendored(".js"), ids=lambda p: str(p.relative_to(VENDOR))
)
def test_vendored_source_maps_resolve(asset: Path):
    for ref in SOURCE_MAP.findall(asset.read_text(encoding="utf-8", errors="replace")):
        assert (asset.parent / ref).is_file(), f"{asset}: sourceMappingURL {ref} is missing"


def test_every_mapped_file_exists_with_a_licence():
    for url, path in VENDORED_ASSETS.items():
        target = STATIC_ROOT / path
        assert target.is_file(), f"{url} -> {target}"
        package_dir = VENDOR / Path(path).relative_to("vendor").parts[0]
        assert any(package_dir.glob("*LICEN[CS]E*")), f"no licence file in {package_dir}"


def test_openlayers_of_the_gis_widget_is_vendored():
    assert VENDORED_ASSETS["https://cdn.jsdelivr.net/npm/ol@v7.2.2/dist/ol.js"] == "vendor/ol/ol.js"
    assert VENDORED_ASSETS["https://cdn.jsdelivr.net/npm/ol@v7.2.2/ol.css"] == "vendor/ol/ol.css"
    from django.contrib.gis.forms.widgets import OpenLayersWidget

    media = OpenLayersWidget.Media
    for url in [*media.js, *media.css["all"]]:
        if _is_external(url):
            assert url in VENDORED_ASSETS, f"OpenLayersWidget loads {url}"


def test_module_does_not_import_django():
    code = "import sys, frontend.folium_offline; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0
