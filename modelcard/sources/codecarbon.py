"""codecarbon's ``emissions.csv``, any version (12 to 38 columns), read with ``csv``.

Rows sharing a ``run_id`` are successive, cumulative measurements of one run:
the longest (largest ``duration``) stands for it. Files of codecarbon 1.x have
no ``run_id``; their ``experiment_id`` was drawn per tracker and plays that
role. Emissions are written in kilograms and reported in grams.

One file often collects the rows of several trackers (codecarbon appends to
it). The last row is this training's (a tracker writes its row when it stops);
the other runs count too (a resumed training appended a row per part) only
when they share its project (``project_name``), location (country, region,
cloud), hardware (CPU and GPU models and counts) and ``tracking_mode``. The
rest are left out and named in a caveat, so the figure, the location, the
machine and the tracking scope all describe the same runs.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from modelcard.facts import Fact
from modelcard.secrets import redact
from modelcard.sources.files import read_csv, rel
from modelcard.sources.run import Emissions, Run
from modelcard.sources.scrub import is_secret

EMISSIONS = "emissions.csv"
#: Written beside emissions.csv by ``modelcard track`` and the training callbacks.
CAVEATS = "emissions_caveats.json"
#: The ``energy_basis`` values of the caveats file.
_BASES = ("measured", "partly-estimated", "estimated")
_REQUIRED = ("duration", "emissions")
_HARDWARE = ("cpu_model", "gpu_model", "cpu_count", "gpu_count", "ram_total_size", "os", "python_version")
_LOCATION = ("country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "on_cloud")
#: Columns on which a run must agree with the last one to be counted with it.
SAME_RUN = ("project_name", "country_iso_code", "region", "cloud_provider", "cloud_region",
            "cpu_model", "gpu_model", "cpu_count", "gpu_count", "tracking_mode")


def find_files(run_dir: Path) -> list[Path]:
    """emissions.csv first, then other ``*emissions*.csv`` of the run folder."""
    found = sorted(p for p in run_dir.glob("*emissions*.csv") if p.is_file())
    return sorted(found, key=lambda p: p.name != EMISSIONS)


def _float(value: str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _count(value: str | None) -> Any:
    number = _float(value)
    if number is None:
        return value or None
    return int(number) if number == int(number) else number


def read(run: Run) -> None:
    """Fill ``run.emissions`` from the first readable emissions file."""
    files = find_files(run.run_dir)
    for index, path in enumerate(files):
        emissions = read_file(run, path)
        if emissions is not None:
            if path.name == EMISSIONS:
                _add_caveats(run, emissions, path.parent / CAVEATS)
            run.emissions = emissions
            for other in files[index + 1 :]:
                run.problem(rel(run, other), f"not read: the emissions come from `{rel(run, path)}`")
            return


def read_file(run: Run, path: Path) -> Emissions | None:
    """One emissions CSV as :class:`Emissions`, or None (with a problem)."""
    name = rel(run, path)
    table = read_csv(run, path, expect="codecarbon's emissions.csv")
    if table is None:
        return None
    header, reader = table
    missing = [column for column in _REQUIRED if column not in header]
    if missing:
        shown = ", ".join(f"`{c}`" for c in missing)
        run.problem(name, f"has no {shown} column (expected codecarbon's emissions.csv header with `duration`, `emissions`, `energy_consumed`)")
        return None
    rows = []
    skipped = 0
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        row = {key: cell.strip() for key, cell in zip(header, cells)}
        if _float(row.get("duration")) is None or _float(row.get("emissions")) is None:
            skipped += 1
            continue
        rows.append(row)
    if not rows:
        run.problem(name, "has no rows with a `duration` and `emissions` value")
        return None
    return _summarize(run, name, header, rows, skipped)


def _summarize(run: Run, name: str, header: list[str], rows: list[dict[str, str]], skipped: int) -> Emissions:
    caveats = []
    if skipped:
        caveats.append(f"{skipped} row(s) without numeric `duration`/`emissions` skipped")
    if "run_id" in header:
        key_column = "run_id"
    elif "experiment_id" in header:
        key_column = "experiment_id"  # codecarbon 1.x: one id per tracker
    else:
        key_column = None
        caveats.append("no `run_id` column: every row counted as a separate run")
    longest: dict[str, dict[str, str]] = {}
    for index, row in enumerate(rows):
        key = row.get(key_column, "") if key_column else ""
        if not key:
            key = f"row {index}"
            if key_column:
                caveats.append(f"rows without `{key_column}` counted as separate runs")
        kept = longest.get(key)
        if kept is None or _float(row["duration"]) >= _float(kept["duration"]):  # type: ignore[operator]
            longest[key] = row
    runs, left_out = _this_run(list(longest.values()))
    if left_out:
        caveats.append(left_out)
    kg = sum(_float(r["emissions"]) or 0.0 for r in runs)
    duration = sum(_float(r["duration"]) or 0.0 for r in runs)
    energies = [_float(r.get("energy_consumed")) for r in runs]
    how = f"{len(runs)} run(s)" + (f", the longest row of each `{key_column}`" if key_column else "")
    grams = Fact(kg * 1000.0, f"{name}:emissions (kg × 1000, sum of {how})")
    energy = None
    if "energy_consumed" in header and all(e is not None for e in energies):
        energy = Fact(sum(energies), f"{name}:energy_consumed (kWh, sum of {how})")  # type: ignore[arg-type]
    last = runs[-1]
    hardware = _pick(name, last, _HARDWARE, numeric=("cpu_count", "gpu_count", "ram_total_size"))
    location = _pick(name, last, _LOCATION)
    for column in ("cpu_model", "gpu_model", "country_iso_code"):
        values = {r.get(column, "") for r in runs}
        if len(values) > 1:
            caveats.append(f"`{column}` differs between runs; the last run's is shown")
    versions = [r.get("codecarbon_version", "") for r in runs if r.get("codecarbon_version")]
    source = f"codecarbon {versions[-1]}" if versions else "codecarbon"
    if versions:
        run.framework_versions.setdefault("codecarbon", Fact(versions[-1], f"{name}:codecarbon_version"))
    mode = last.get("tracking_mode")
    return Emissions(
        grams=grams,
        energy_kwh=energy,
        duration_s=Fact(duration, f"{name}:duration (s, sum of {how})"),
        hardware=hardware,
        location=location,
        source=source,
        tracking_mode=Fact(mode, f"{name}:tracking_mode") if mode else None,
        runs=len(runs),
        rows=len(rows),
        caveats=list(dict.fromkeys(caveats)),
        run_ids=tuple(r.get("run_id", "") for r in runs) if key_column == "run_id" else (),
    )


def _this_run(runs: list[dict[str, str]]) -> tuple[list[dict[str, str]], str | None]:
    """The runs that agree with the last one on :data:`SAME_RUN`, and a
    sentence naming the others (None when every run agrees)."""
    last = runs[-1]

    def differences(row: dict[str, str]) -> list[str]:
        return [c for c in SAME_RUN if _same(row.get(c)) != _same(last.get(c))]

    kept: list[dict[str, str]] = []
    groups: dict[str, int] = {}
    for row in runs:
        columns = differences(row)
        if columns:
            what = ", ".join(f"`{c}` {_shown(row.get(c) or '')}" for c in columns)
            groups[what] = groups.get(what, 0) + 1
        else:
            kept.append(row)
    if len(kept) == len(runs):
        return runs, None
    listed = "; ".join(f"{what}{f' ({count} runs)' if count > 1 else ''}" for what, count in list(groups.items())[:6])
    own = ", ".join(f"`{c}` {_shown(last.get(c) or '')}" for c in ("project_name", "tracking_mode") if last.get(c))
    return kept, (
        f"left out {len(runs) - len(kept)} of the file's {len(runs)} tracked runs, which differ from the last run"
        f"{' (' + own + ')' if own else ''}: {listed}; only runs sharing its project, location, hardware and "
        "tracking mode are counted"
    )


def _same(value: str | None) -> Any:
    """A cell compared across rows: numbers by value (``4`` = ``4.0``), text stripped."""
    number = _float(value)
    return number if number is not None else (value or "").strip()


def _shown(value: str) -> str:
    value = value.strip()
    if not value:
        return "empty"
    return "`" + (redact(value[:60]) if is_secret("", value) else value[:60]).replace("`", "'") + "`"


def _pick(name: str, row: dict[str, str], columns: tuple[str, ...], numeric: tuple[str, ...] = ()) -> dict[str, Fact]:
    picked = {}
    for column in columns:
        value = row.get(column, "")
        if not value or is_secret(column, value):
            continue
        picked[column] = Fact(_count(value) if column in numeric else value, f"{name}:{column}")
    return picked


def read_caveats(run: Run, path: Path) -> list[str]:
    """What ``emissions_caveats.json`` says was estimated rather than measured.

    The file (see :mod:`modelcard.carbon.caveats`) lists, per tracked run,
    how each hardware part's power was obtained and what codecarbon warned
    about. Returns one short sentence per distinct caveat, for the card.
    """
    entries = _caveat_entries(run, path)
    return _sentences(entries or [])


def _caveat_entries(run: Run, path: Path) -> list[dict[str, Any]] | None:
    """The per-run entries of the caveats file; None when there is none or it is unreadable."""
    import json

    if not path.is_file():
        return None
    name = rel(run, path)
    try:
        data = json.loads(path.read_bytes())
        entries = [r for r in data["runs"] if isinstance(r, dict)]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        run.problem(name, f"cannot be read ({exc.__class__.__name__}); expected the tracker's caveats JSON")
        return None
    run.read(name)
    return entries


def _sentences(entries: list[dict[str, Any]]) -> list[str]:
    sentences: list[str] = []
    for entry in entries:
        sentences += _caveat_sentences(entry)
    return list(dict.fromkeys(redact(s) for s in sentences))


def _add_caveats(run: Run, emissions: Emissions, path: Path) -> None:
    """Caveat sentences and the energy basis of the runs counted, from the caveats file."""
    entries = _caveat_entries(run, path)
    if entries is None:
        return
    if emissions.run_ids:
        by_id = {e.get("run_id"): e for e in entries}
        entries = [by_id[r] for r in emissions.run_ids if r in by_id]
        uncovered = len(emissions.run_ids) - len(entries)
    else:
        uncovered = 0 if entries else emissions.runs
    found = _sentences(entries)
    bases = [e.get("energy_basis") for e in entries]
    name = rel(run, path)
    if uncovered:
        found.append(
            f"`{name}` covers {len(entries)} of the {emissions.runs} runs counted: "
            "whether the others' energy was measured or estimated is not recorded"
        )
    elif bases and all(b in _BASES for b in bases):
        if all(b == "measured" for b in bases):
            basis = "measured"
        elif all(b == "estimated" for b in bases):
            basis = "estimated"
        else:
            basis = "partly-estimated"
        emissions.energy_basis = Fact(basis, f"{name}:energy_basis")
    emissions.caveats.extend(c for c in found if c not in emissions.caveats)


def _caveat_sentences(entry: dict[str, Any]) -> list[str]:
    parts = entry.get("components") if isinstance(entry.get("components"), dict) else {}
    kinds: dict[str, str] = {}
    for caveat in entry.get("caveats") or []:
        if isinstance(caveat, dict) and isinstance(caveat.get("kind"), str):
            kinds.setdefault(caveat["kind"], str(caveat.get("message", "")))
    out = []
    basis = entry.get("energy_basis")
    if basis in ("estimated", "partly-estimated"):
        how = []
        cpu = parts.get("cpu") or {}
        if cpu and not cpu.get("measured"):
            watts = cpu.get("tdp_watts")
            assumed = f" and an assumed {watts:g} W" if isinstance(watts, (int, float)) else ""
            how.append(f"CPU power from its load{assumed} (no readable energy counters such as RAPL)")
        ram = parts.get("ram") or {}
        if ram and not ram.get("measured"):
            how.append("RAM power from a model of the memory size")
        lead = "energy estimated, not measured" if basis == "estimated" else "energy partly estimated"
        out.append(lead + (": " + "; ".join(how) if how else ""))
    if "unknown-cpu" in kinds:
        model = (parts.get("cpu") or {}).get("model")
        named = f" (`{model}`)" if model else ""
        out.append(f"codecarbon does not know this CPU{named} and assumed a default power per thread")
    if "location-not-given" in kinds:
        out.append("no country was given to the tracker: the world-average carbon intensity was used")
    if "location-fallback" in kinds and "location-not-given" not in kinds:
        out.append("the tracker could not locate the machine and used a default location")
    if "measurement-gap" in kinds:
        out.append("measurements paused during the run: the figure may be low")
    if "tracker-error" in kinds:
        out.append(f"the tracker reported a problem: {kinds['tracker-error'][:200]}")
    if entry.get("outcome") in ("failed", "interrupted"):
        out.append(f"a tracked run ended early ({entry['outcome']}): its figure covers the part that ran")
    return out

