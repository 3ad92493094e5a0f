"""The risk map's choropleth for one month over the ~10,600 pre-2025 communes.

The risk map draws the *current* boundary version (``valid_to IS NULL``). In the data
set the current version is the 2025 one (3,321 communes) and the counts sit on the old
communes, so this measurement makes the old version current inside a transaction that
is rolled back: what the page serves to a deployment whose communes are the ~10,600 of
the old layout. Measured with the risk map's own code:

- choropleth data: ``choropleth_build(risk_query_parse(...))`` (values, class breaks,
  colours, legend, features) p50/p95, target < 100 ms; reference: the bare values
  query (``monitoring.figures.values.VALUES_SQL`` for every commune) in the same run;
- map data: the choropleth's shapes and values as the page ships them (the data blocks
  of ``risk_map_build``), gzip-compressed, target < 3 MB;
- the whole page (``/maps/risk/``, test client, administrator), first load, target ≤ 3 s,
  with the size of every data block it ships;
- a period switch as the page makes it (``/maps/risk/state.json``: values, legend,
  summary, no geometry), target ≤ 300 ms and ≤ 300 KB gzip;
- the cold build of the coverage-simplified commune shapes (once per boundary version).

Under the swap the establishments belong to the 2025 communes, so the page's clustered
establishment layer is empty; its national size is measured apart (the same SQL over
every current commune) and reported, because it is what dominates the page at scale.
"""

import cProfile
import datetime
import gzip
import io
import pstats
import time

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from bench.national.constants import MAP_PERIOD, RUNS
from bench.national.old_version import old_version_current
from bench.national.results import result_row, result_write
from bench.national.timing import timed

__all__ = ["choropleth_measure"]

TARGET_MS = 100  # values, classes and colours of one period (the geometry is cached)
TARGET_GZIP_MB = 3.0
TARGET_PAGE_MS = 3000  # the national risk map's first load
TARGET_SWITCH_MS, TARGET_SWITCH_KB = 300, 300  # a period switch: state.json
TODAY = datetime.date(2026, 11, 22)
PARAMS = {"period": MAP_PERIOD, "measure": "rate:illegal_users"}
SWITCH_PERIOD = "2025-05"  # the month before MAP_PERIOD


def _gzip_mb(text: str) -> float:
    return round(len(gzip.compress(text.encode(), 6)) / 1e6, 2)


def _establishment_layer_mb() -> tuple[float, float, int]:
    from frontend.risk_map.folium_risk_map import POINTS_SQL

    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id) FROM geo_adminunit WHERE valid_to IS NULL AND level = 'commune'")
        (ids,) = cursor.fetchone()
        t = time.perf_counter()
        cursor.execute(POINTS_SQL, [ids])
        (text,) = cursor.fetchone()
        seconds = time.perf_counter() - t
    return round(len(text.encode()) / 1e6, 1), _gzip_mb(text), round(seconds * 1000)


def choropleth_measure(data: dict) -> list[dict]:
    from frontend.risk_map.choropleth import choropleth_build
    from frontend.risk_map.folium_risk_map import risk_map_build
    from frontend.risk_map.query import risk_query_parse
    from geo import map_layers
    from monitoring.figures.periods import Period
    from monitoring.figures.values import VALUES_SQL
    from monitoring.models import Aggregation, Indicator

    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    details: dict = {}
    with old_version_current() as communes:
        print(f"  old version made current for the measurement: {communes:,} communes", flush=True)
        t = time.perf_counter()
        map_layers.unit_shapes(level="commune")
        map_layers.unit_shapes(level="district")
        shapes_cold_s = round(time.perf_counter() - t, 1)
        print(f"  simplified commune and district shapes built (cold) in {shapes_cold_s} s", flush=True)

        def build():
            return choropleth_build(risk_query_parse(PARAMS, today=TODAY))

        layer = build()
        build_ms = timed(build)
        indicator = Indicator.objects.get(code="illegal_users")
        period = Period.parse(MAP_PERIOD)
        ids = [u.id for u in layer.units]

        def values_sql():
            with connection.cursor() as cursor:
                cursor.execute(
                    VALUES_SQL,
                    {
                        "flow": indicator.aggregation == Aggregation.FLOW,
                        "indicator": indicator.id,
                        "start": period.start,
                        "end": period.end,
                        "ids": ids,
                    },
                )
                cursor.fetchall()

        sql_ms = timed(values_sql)
        fmap = risk_map_build(risk_query_parse(PARAMS, today=TODAY), layer)
        blocks = {block_id: text for block_id, text in fmap.data_blocks}
        choropleth_ids = [b for b in blocks if b.startswith(fmap.choropleth_name)]
        choropleth_text = "".join(blocks[b] for b in choropleth_ids)
        choropleth_gzip = _gzip_mb(choropleth_text)
        details["blocks"] = {
            b: {"mb": round(len(t.encode()) / 1e6, 2), "gzip_mb": _gzip_mb(t)} for b, t in blocks.items()
        }

        client = Client()
        client.force_login(user)
        url = "/maps/risk/?" + "&".join(f"{k}={v}" for k, v in PARAMS.items())
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        page_ms = timed(lambda: client.get(url), runs=max(3, RUNS // 4))
        page_gzip = round(len(gzip.compress(response.content, 6)) / 1e6, 2)
        # A period switch as the page makes it: only state.json (values, legend, summary).
        switch_url = "/maps/risk/state.json?" + "&".join(
            f"{k}={v}" for k, v in (PARAMS | {"period": SWITCH_PERIOD}).items()
        )
        switch = client.get(switch_url, HTTP_ACCEPT_ENCODING="gzip")
        assert switch.status_code == 200, switch.status_code
        switch_kb = round(len(switch.content) / 1024, 1)
        switch_ms = timed(lambda: client.get(switch_url, HTTP_ACCEPT_ENCODING="gzip"), runs=max(3, RUNS // 2))
        if page_ms["p50_ms"] > 1000 or build_ms["p95_ms"] > TARGET_MS:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
            details["page_cprofile_top30_cumulative"] = out.getvalue()
            print(f"\n--- risk map page, cProfile (top 30, cumulative)\n{out.getvalue()}")
    layer_mb, layer_gzip, layer_ms = _establishment_layer_mb()
    details |= {
        "communes": communes,
        "period": MAP_PERIOD,
        "params": PARAMS,
        "shapes_cold_s": shapes_cold_s,
        "choropleth_build_ms": build_ms,
        "values_sql_ms": sql_ms,
        "choropleth_blocks_gzip_mb": choropleth_gzip,
        "page_ms": page_ms,
        "switch_ms": switch_ms,
        "switch_gzip_kb": switch_kb,
        "page_html_mb": round(len(response.content) / 1e6, 2),
        "page_gzip_mb": page_gzip,
        "establishment_layer_all_communes": {"mb": layer_mb, "gzip_mb": layer_gzip, "sql_ms": layer_ms},
    }
    rows = [
        result_row(
            f"choropleth data, one month, {communes:,} communes: p50",
            build_ms["p50_ms"],
            "ms",
            reference=sql_ms["p50_ms"],
            reference_label="ms values SQL p50",
            target=f"< {TARGET_MS} ms",
            met=build_ms["p50_ms"] < TARGET_MS,
            note=f"p95 {build_ms['p95_ms']} ms",
        ),
        result_row(
            "choropleth map data (shapes + values), gzip",
            choropleth_gzip,
            "MB",
            target=f"< {TARGET_GZIP_MB:g} MB",
            met=choropleth_gzip < TARGET_GZIP_MB,
        ),
        result_row(
            f"risk map page, first load, {communes:,} communes: p50",
            page_ms["p50_ms"],
            "ms",
            target=f"≤ {TARGET_PAGE_MS} ms",
            met=page_ms["p50_ms"] <= TARGET_PAGE_MS,
            note=f"HTML {details['page_html_mb']} MB, gzip {page_gzip} MB;"
            " establishment layer empty under the swap",
        ),
        result_row(
            f"risk map period switch (state.json), {communes:,} communes: p50",
            switch_ms["p50_ms"],
            "ms",
            reference=build_ms["p50_ms"],
            reference_label="ms choropleth data p50",
            target=f"≤ {TARGET_SWITCH_MS} ms and ≤ {TARGET_SWITCH_KB} KB",
            met=switch_ms["p50_ms"] <= TARGET_SWITCH_MS and switch_kb <= TARGET_SWITCH_KB,
            note=f"p95 {switch_ms['p95_ms']} ms; {switch_kb} KB gzip; no reload, no geometry",
        ),
        result_row(
            "simplified commune + district shapes, cold build",
            shapes_cold_s,
            "s",
            note="once per boundary version per process",
        ),
        result_row(
            "risk map clustered establishments layer, all 2025 communes, gzip",
            layer_gzip,
            "MB",
            note=f"{layer_mb} MB raw, SQL {layer_ms} ms: what the page would embed nationally",
        ),
    ]
    with connection.cursor() as cursor:
        result_write(
            "national_choropleth",
            title=f"Risk map choropleth for {MAP_PERIOD} over the pre-2025 communes",
            rows=rows,
            dataset=data,
            details=details,
            cursor=cursor,
        )
    return rows
