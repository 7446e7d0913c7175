"""What a tracked run estimated rather than measured, kept beside its CSV.

codecarbon says on its logger when it has no power counters (RAPL), when it
does not know the CPU and assumes a power per thread, when it falls back to
a default location; the CSV keeps none of it. This module records those
messages while a tracker runs, adds what the tracker's own state shows (its
hardware modes are cached per process, so the warnings are not logged twice
in one process), and writes ``emissions_caveats.json``:

```json
{"version": 1, "runs": [{
  "run_id": "…",                  # the run_id column of emissions.csv
  "outcome": "completed",         # or "failed", "interrupted"
  "energy_basis": "estimated",    # "measured", "partly-estimated", "estimated"
  "components": {"cpu": {"method": "cpu_load", "measured": false, …}, "ram": {…}},
  "location": {"country_iso_code": "FRA", "source": "given"},
  "caveats": [{"kind": "no-power-counters", "message": "…"}],
  "ignored_config": ["project_name (/home/me/.codecarbon.config)"],
  "settings": {…}, "codecarbon_version": "3.3.2"}]}
```

A resumed run appends one entry, as codecarbon appends one CSV row.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from modelcard.secrets import redact

CAVEATS_FILE = "emissions_caveats.json"
FORMAT_VERSION = 1

#: CPU modes of codecarbon that read a hardware energy counter.
MEASURED_CPU_MODES = frozenset({"intel_rapl", "intel_power_gadget", "apple_powermetrics", "windows_emi"})

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("unknown-cpu", re.compile(r"don't know it|Could not read CPU model|Failed to match CPU TDP", re.I)),
    ("no-power-counters", re.compile(r"No CPU tracking mode found|RAPL|Power Gadget|PowerMetrics", re.I)),
    ("cpu-power-estimated", re.compile(r"default power consumption|estimation based on TDP|constant mode", re.I)),
    (
        "location-fallback",
        re.compile(r"geographical location|world average|country value|Using '.*' as the default", re.I),
    ),
    ("measurement-gap", re.compile(r"scheduler didn't run", re.I)),
    ("tracker-error", re.compile(r"graceful shutdown|Exception|Error", re.I)),
)
# Messages that are true of every run made here and carry no caveat.
_BENIGN = re.compile(r"Multiple instances of codecarbon are allowed|^stopping\.$")


@dataclass(frozen=True)
class Caveat:
    """One reason to read the emissions figure as an estimate, or with care."""

    kind: str
    message: str


class CaveatRecorder(logging.Filter):
    """A filter on codecarbon's logger: records warnings, passes on what to show.

    As a filter on the logger itself it sees every record before any handler
    does, so codecarbon's own stderr handler (recreated by each tracker) only
    shows records from ``show_level`` up, and no message is lost to a level
    set elsewhere.
    """

    def __init__(self, show_level: int = logging.WARNING) -> None:
        super().__init__()
        self.show_level = show_level
        self.caveats: list[Caveat] = []

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = " ".join(redact(record.getMessage()).split())
        except Exception:  # noqa: BLE001 - a bad log call must never break a run
            return False
        if _BENIGN.search(message):
            return False
        if record.levelno >= logging.WARNING and message:
            caveat = Caveat(classify(message), message)
            if caveat not in self.caveats:
                self.caveats.append(caveat)
        return record.levelno >= self.show_level


def classify(message: str) -> str:
    """The kind of a codecarbon log message (``other`` when unknown)."""
    for kind, pattern in _KINDS:
        if pattern.search(message):
            return kind
    return "other"


def components(tracker: Any) -> dict[str, dict[str, Any]]:
    """How each hardware part's power was obtained, read from a started tracker."""
    parts: dict[str, dict[str, Any]] = {}
    for hw in getattr(tracker, "_hardware", None) or []:
        name = type(hw).__name__
        if name == "CPU":
            mode = getattr(hw, "_mode", None)
            parts["cpu"] = {
                "method": mode,
                "measured": mode in MEASURED_CPU_MODES,
                "model": getattr(hw, "_model", None),
                "tdp_watts": _number(getattr(hw, "_tdp", None)),
            }
        elif name == "RAM":
            forced = getattr(hw, "_force_ram_power", None)
            method = "user-given constant" if forced else "codecarbon RAM power model"
            parts["ram"] = {"method": method, "measured": False}
        elif name == "GPU":
            parts["gpu"] = {"method": "nvml/amdsmi energy counters", "measured": True}
        elif name in ("AppleSiliconChip", "Raspberry"):
            parts[f"{name.lower()}:{getattr(hw, 'chip_part', '')}"] = {"method": name, "measured": True}
    return parts


def state_caveats(parts: dict[str, dict[str, Any]], *, online: bool, country_iso_code: str | None) -> list[Caveat]:
    """Caveats that follow from the tracker's state, whatever it logged."""
    found: list[Caveat] = []
    cpu = parts.get("cpu")
    if cpu is not None and not cpu["measured"]:
        watts = f", {cpu['tdp_watts']:g} W assumed" if cpu.get("tdp_watts") else ""
        found.append(
            Caveat(
                "cpu-power-estimated",
                f"CPU power estimated from load and a nominal power (`{cpu['method']}`{watts}), "
                "not read from energy counters",
            )
        )
    ram = parts.get("ram")
    if ram is not None:
        found.append(Caveat("ram-power-estimated", f"RAM power estimated ({ram['method']}), not measured"))
    if not parts:
        found.append(Caveat("tracker-error", "codecarbon detected no hardware: nothing was measured"))
    if not online and country_iso_code is None:
        found.append(Caveat("location-not-given", "no country given: the world-average carbon intensity was used"))
    return found


def energy_basis(parts: dict[str, dict[str, Any]]) -> str:
    """``measured`` when every part read an energy counter, else how much was estimated."""
    measured = [p["measured"] for p in parts.values()]
    if measured and all(measured):
        return "measured"
    return "partly-estimated" if any(measured) else "estimated"


def location(*, online: bool, country_iso_code: str | None, caveats: list[Caveat]) -> dict[str, Any]:
    if not online:
        return {"country_iso_code": country_iso_code, "source": "given" if country_iso_code else "world-average"}
    fell_back = any(c.kind == "location-fallback" for c in caveats)
    return {"country_iso_code": None, "source": "default-fallback" if fell_back else "geolocated"}


def append_run(path: Path, run: dict[str, Any]) -> None:
    """Add one run's entry to the caveats file (replacing an entry with its run_id)."""
    from modelcard.atomic import atomic_write

    runs: list[dict[str, Any]] = []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("runs"), list):
            runs = [r for r in data["runs"] if isinstance(r, dict) and r.get("run_id") != run.get("run_id")]
    except (OSError, ValueError):
        pass
    runs.append(run)
    text = json.dumps({"version": FORMAT_VERSION, "runs": runs}, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode("utf-8"))


def caveats_as_json(caveats: list[Caveat]) -> list[dict[str, str]]:
    return [asdict(c) for c in caveats]


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
