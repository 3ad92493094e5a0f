"""``python -m bench.report``: tabulate ``bench/results/*.json`` into
``docs/performance.md`` between its two markers (the rest of the page is prose kept by
hand). Reads every result file that has ``rows`` (see ``bench.national.results``);
lists the others and the hooked benches that have not run yet. No Django, no database.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PAGE = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:report:start -->", "<!-- bench:report:end -->"


def _figure(value, unit: str) -> str:
    if value is None:
        return "not measured"
    if isinstance(value, float) and value >= 100:
        value = round(value)
    return f"{value:,} {unit}" if isinstance(value, int | float) else f"{value} {unit}"


def _reference(row: dict) -> str:
    if row.get("reference") is None:
        return "–"
    label = row.get("reference_label") or ""
    unit, _, what = label.partition(" ")
    return f"{row['reference']:,} {unit} ({what})" if what else f"{row['reference']:,} {label}"


def _met(row: dict) -> str:
    return {True: "yes", False: "**no**", None: "–"}[row.get("met")]


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _machine_lines(results: list[dict]) -> list[str]:
    with_pg = [r for r in results if (r.get("machine") or {}).get("postgresql")]
    if not with_pg:
        return ["Machine: not recorded."]
    m = max(with_pg, key=lambda r: r.get("date", ""))["machine"]
    dates = sorted(r.get("date", "")[:16].replace("T", " ") for r in results if r.get("date"))
    return [
        f"- CPU: {m.get('cpu')}, {m.get('cores')} cores; RAM {m.get('ram_gb')} GB; disk {m.get('disk')}",
        f"- PostgreSQL {m.get('postgresql')}, PostGIS {m.get('postgis')}; JIT {m.get('jit')},"
        f" shared_buffers {m.get('shared_buffers')}; Python {m.get('python')}; {m.get('os')}",
        f"- Measured {dates[0]} – {dates[-1]} UTC" if dates else "- Date not recorded",
        "- Load average at each measurement is in its JSON (`machine.load_average`): the machine is"
        " shared, so figures are upper bounds of what a quiet machine gives.",
    ]


def report() -> str:
    results, other = [], []
    for path in sorted(RESULTS.glob("*.json")):
        body = json.loads(path.read_text())
        if isinstance(body, dict) and body.get("rows"):
            body["_file"] = path.name
            results.append(body)
        else:
            other.append(path.name)
    lines = [START, "", "### Machine", "", *_machine_lines(results), "", "### Figures", ""]
    lines += [
        "| measurement | figure | reference (same run) | target | met? | note | file |",
        "|---|---|---|---|---|---|---|",
    ]
    missed = []
    for body in results:
        for row in body["rows"]:
            lines.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        row["measurement"],
                        _figure(row.get("figure"), row.get("unit", "")),
                        _reference(row),
                        row.get("target") or "–",
                        _met(row),
                        row.get("note") or "",
                        body["_file"],
                    )
                )
                + " |"
            )
            if row.get("met") is False:
                missed.append((row, body["_file"]))
    lines += ["", "### Targets missed", ""]
    if missed:
        for row, file in missed:
            lines.append(
                f"- {row['measurement']}: {_figure(row.get('figure'), row.get('unit', ''))} against"
                f" {row.get('target')} ({row.get('note') or 'no note'}); profile in `bench/results/{file}`"
                " (`details`)."
            )
    else:
        lines.append("None in the results tabulated.")
    sys.path.insert(0, str(ROOT))
    try:
        from bench.national.registry import HOOKS
    except ImportError:
        HOOKS = {}
    pending = [(n, h) for n, h in HOOKS.items() if not any(b["_file"].startswith(n) for b in results)]
    if pending:
        lines += ["", "### Not measured yet (bench module not on this branch)", ""]
        lines += [
            f"- `{name}` ({module}): {what}; target {target}" for name, (module, what, target) in pending
        ]
    if other:
        lines += ["", f"Result files in another shape (not tabulated): {', '.join(other)}."]
    lines += ["", END]
    return "\n".join(lines)


def main() -> int:
    text = PAGE.read_text() if PAGE.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    PAGE.write_text(head + report() + tail)
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
