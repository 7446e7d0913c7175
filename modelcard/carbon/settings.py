"""Explicit codecarbon settings, immune to config files and ``CODECARBON_*``.

codecarbon merges ``~/.codecarbon.config``, ``./.codecarbon.config`` and
``CODECARBON_*`` variables into every tracker, and some keys (an Electricity
Maps token, an HTTP endpoint) are read from there even when the constructor
is given a value. A run measured here must not change silently with the
machine's home folder or environment, so the tracker classes built below
see an empty external configuration, and every setting is passed explicitly.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from modelcard.errors import MissingDependencyError, ModelcardError, UsageError

EMISSIONS_FILE = "emissions.csv"
DEFAULT_PROJECT_NAME = "modelcard"
#: codecarbon's own default: one measurement every 15 s keeps the overhead low.
DEFAULT_MEASURE_POWER_SECS = 15.0

_ISO3 = re.compile(r"^[A-Z]{3}$")


def import_codecarbon() -> Any:
    """Import codecarbon, or fail with the install command for the extra."""
    try:
        import codecarbon
    except ImportError as e:
        if e.name is not None and e.name.split(".")[0] != "codecarbon":
            raise ModelcardError(
                f"`codecarbon` cannot be imported (`{e.name}` is missing); "
                "reinstall it with `pip install --force-reinstall 'modelcard[carbon]'`"
            ) from e
        raise MissingDependencyError("codecarbon", "carbon") from e
    return codecarbon


def check_country(country_iso_code: str | None) -> str | None:
    """Upper-case and validate a 3-letter ISO country code against codecarbon's data."""
    if country_iso_code is None:
        return None
    code = country_iso_code.strip().upper()
    if not _ISO3.match(code):
        raise UsageError(f"country must be a 3-letter ISO 3166 code such as `FRA`, not `{country_iso_code}`")
    from codecarbon.input import DataSource

    if code not in DataSource().get_global_energy_mix_data():
        raise UsageError(f"codecarbon has no energy-mix data for country `{code}`")
    return code


def tracker_kwargs(
    output_dir: Path,
    *,
    project_name: str,
    measure_power_secs: float,
    online: bool,
    country_iso_code: str | None,
) -> dict[str, Any]:
    """Every constructor argument of codecarbon 3.x, set explicitly."""
    from codecarbon.output_methods.base_output import OutputMethod

    kwargs: dict[str, Any] = {
        "project_name": project_name,
        "experiment_name": project_name,
        "measure_power_secs": float(measure_power_secs),
        "output_dir": str(output_dir),
        "output_file": EMISSIONS_FILE,
        "output_methods": [OutputMethod.CSV],
        "on_csv_write": "append",
        # "machine": a tracked command runs in a child process, which
        # "process" mode (psutil on the tracker's own pid) would not see.
        "tracking_mode": "machine",
        # Captured in full by the caveat recorder; what reaches stderr is
        # filtered on codecarbon's stream handler instead.
        "log_level": "info",
        "logger_preamble": "",
        "allow_multiple_runs": True,
        "api_call_interval": -1,
        "emissions_endpoint": None,
        "electricitymaps_api_token": None,
        "gpu_ids": None,
        "force_cpu_power": None,
        "force_ram_power": None,
        "force_carbon_intensity_g_co2e_kwh": None,
        "force_mode_cpu_load": False,
        "pue": 1.0,
        "wue": 0.0,
        "rapl_include_dram": False,
        "rapl_prefer_psys": False,
        "output_handlers": [],
        "metadata": None,
    }
    if not online:
        kwargs.update(
            country_iso_code=country_iso_code,
            region=None,
            cloud_provider=None,
            cloud_region=None,
            country_2letter_iso_code=None,
        )
    return kwargs


def public_settings(kwargs: dict[str, Any], *, online: bool) -> dict[str, Any]:
    """The settings worth recording beside the CSV (plain JSON values)."""
    keep = (
        "project_name", "measure_power_secs", "output_file", "tracking_mode", "pue",
        "force_cpu_power", "force_ram_power", "force_carbon_intensity_g_co2e_kwh",
        "country_iso_code", "region",
    )  # fmt: skip
    settings = {k: kwargs[k] for k in keep if k in kwargs}
    settings["tracker"] = "online" if online else "offline"
    return settings


def ignored_config_keys() -> list[str]:
    """Where codecarbon would have read settings from: ``key (source)``, no values."""
    import configparser

    from codecarbon.core import config

    try:
        _, sources = config.get_hierarchical_config_with_sources()
    except (configparser.Error, OSError, UnicodeDecodeError) as e:
        return [f"unreadable codecarbon config file ({type(e).__name__})"]
    return [f"{key} ({source})" for key, source in sorted(sources.items())]


@contextlib.contextmanager
def no_external_config() -> Iterator[None]:
    """Construct codecarbon trackers with an empty external configuration.

    codecarbon reads its config files and environment once, in the tracker's
    ``__init__``, through ``codecarbon.emissions_tracker.get_hierarchical_config``;
    for the time of the construction that function returns ``{}``. A lock
    keeps two constructions from interleaving.
    """
    from codecarbon import emissions_tracker

    with _CONSTRUCT_LOCK:
        original = emissions_tracker.get_hierarchical_config
        emissions_tracker.get_hierarchical_config = dict
        try:
            yield
        finally:
            emissions_tracker.get_hierarchical_config = original


_CONSTRUCT_LOCK = threading.Lock()


def tracker_class(*, online: bool) -> type:
    """codecarbon's online or offline tracker class."""
    import_codecarbon()
    from codecarbon import EmissionsTracker, OfflineEmissionsTracker

    return EmissionsTracker if online else OfflineEmissionsTracker
