"""Track the carbon footprint of a block of code with codecarbon.

```python
from modelcard.carbon import track

with track("outputs/run1", country_iso_code="FRA") as tracker:
    train()
print(tracker.result.emissions_kg)
```

The tracker stops and writes its ``emissions.csv`` row however the block
ends: normally, on an exception, on Ctrl-C, or on SIGTERM (converted to
``SystemExit(143)`` while tracking, when no other handler is installed).
A second Ctrl-C while the row is being written waits for the write.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcard.carbon import caveats as cv
from modelcard.carbon import hardware, signals
from modelcard.carbon.settings import (
    DEFAULT_MEASURE_POWER_SECS,
    DEFAULT_PROJECT_NAME,
    EMISSIONS_FILE,
    check_country,
    ignored_config_keys,
    import_codecarbon,
    no_external_config,
    public_settings,
    tracker_kwargs,
)
from modelcard.errors import ModelcardError, UsageError

__all__ = ["EMISSIONS_FILE", "CarbonTracker", "TrackingResult", "track"]

_LOGGER = "codecarbon"


@dataclass(frozen=True)
class TrackingResult:
    """What one tracked run wrote.

    Attributes:
        emissions_kg: CO2-equivalent in kilograms (codecarbon's unit), or None
            when the tracker failed (see ``caveats``).
        energy_kwh: energy consumed, or None.
        duration_s: tracked seconds, or None.
        run_id: codecarbon's run id (the CSV's ``run_id`` column).
        outcome: ``"completed"``, ``"failed"`` or ``"interrupted"``.
        energy_basis: ``"measured"``, ``"partly-estimated"`` or ``"estimated"``.
        csv_path, caveats_path: the files written.
        caveats: why the figure is an estimate or needs care.
    """

    emissions_kg: float | None
    energy_kwh: float | None
    duration_s: float | None
    run_id: str | None
    outcome: str
    energy_basis: str
    csv_path: Path
    caveats_path: Path
    caveats: tuple[cv.Caveat, ...] = field(default_factory=tuple)


class CarbonTracker:
    """codecarbon's tracker with explicit settings and recorded caveats.

    ``start()`` and ``stop()`` for callbacks whose begin and end are separate
    events; :func:`track` for a block. ``stop()`` is idempotent and also runs
    at interpreter exit when a run ends without reaching it (an exception
    escaping a training loop).

    Args:
        output_dir: the run folder; created when missing.
        country_iso_code: 3-letter ISO code of where the energy is used
            (``"FRA"``). Without it the offline tracker uses the world-average
            carbon intensity and the caveats say so.
        online: use codecarbon's online tracker, which geolocates the machine
            over the network. Off by default.
        project_name: the CSV's ``project_name``.
        measure_power_secs: interval between power measurements.
        log_level: codecarbon messages shown on stderr from this level up
            (all of them are recorded in the caveats file regardless).
        handle_sigterm: convert SIGTERM into ``SystemExit`` while tracking, so
            that the row is written; only when SIGTERM has its default action
            and in the main thread.

    Raises:
        MissingDependencyError: codecarbon is not installed.
        UsageError: an unknown country code.
    """

    def __init__(
        self,
        output_dir: str | os.PathLike[str],
        *,
        country_iso_code: str | None = None,
        online: bool = False,
        project_name: str = DEFAULT_PROJECT_NAME,
        measure_power_secs: float = DEFAULT_MEASURE_POWER_SECS,
        log_level: str = "warning",
        handle_sigterm: bool = True,
    ) -> None:
        import_codecarbon()
        self.output_dir = Path(output_dir)
        self.online = online
        if online and country_iso_code:
            raise UsageError("a country applies to the offline tracker; the online tracker geolocates the machine")
        self.country_iso_code = check_country(country_iso_code)
        self.project_name = project_name
        if measure_power_secs <= 0:
            raise UsageError(f"the measurement interval must be positive, not `{measure_power_secs}`")
        self.measure_power_secs = measure_power_secs
        self.log_level = logging.getLevelName(log_level.upper())
        if not isinstance(self.log_level, int):
            raise ModelcardError(f"unknown log level `{log_level}`")
        self.handle_sigterm = handle_sigterm
        self.csv_path = self.output_dir / EMISSIONS_FILE
        self.caveats_path = self.output_dir / cv.CAVEATS_FILE
        self.result: TrackingResult | None = None
        self._tracker: Any = None
        self._recorder = cv.CaveatRecorder(self.log_level)
        self._kwargs: dict[str, Any] = {}
        self._ignored: list[str] = []
        self._logger_level = logging.NOTSET
        self._previous_sigterm: Any = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._tracker is not None and self.result is None

    def start(self) -> CarbonTracker:
        """Start measuring. Returns ``self``."""
        if self._tracker is not None:
            raise ModelcardError("this tracker was already started; create a new one per run")
        from modelcard.carbon.settings import tracker_class

        self.output_dir.mkdir(parents=True, exist_ok=True)
        self._kwargs = tracker_kwargs(
            self.output_dir,
            project_name=self.project_name,
            measure_power_secs=self.measure_power_secs,
            online=self.online,
            country_iso_code=self.country_iso_code,
        )
        self._ignored = ignored_config_keys()
        hardware.wait()
        cls = tracker_class(online=self.online)
        logger = logging.getLogger(_LOGGER)
        self._logger_level = logger.level
        logger.setLevel(logging.INFO)
        logger.addFilter(self._recorder)
        try:
            with no_external_config():
                self._tracker = cls(**self._kwargs)
        except BaseException:
            logger.removeFilter(self._recorder)
            logger.setLevel(self._logger_level)
            raise
        self._install_sigterm()
        atexit.register(self._stop_at_exit)
        self._tracker.start()
        return self

    def stop(self, *, outcome: str = "completed") -> TrackingResult:
        """Stop measuring, write the CSV row and the caveats; idempotent."""
        with self._lock:
            if self.result is not None:
                return self.result
            if self._tracker is None:
                raise ModelcardError("this tracker was never started")
            with signals.deferred():
                self.result = self._finish(outcome)
            return self.result

    def _finish(self, outcome: str) -> TrackingResult:
        atexit.unregister(self._stop_at_exit)
        self._restore_sigterm()
        tracker = self._tracker
        try:
            tracker.stop()
        finally:
            logger = logging.getLogger(_LOGGER)
            logger.removeFilter(self._recorder)
            logger.setLevel(self._logger_level)
        data = getattr(tracker, "final_emissions_data", None)
        run_id = str(getattr(tracker, "run_id", "") or "") or None
        parts = cv.components(tracker)
        caveats = cv.state_caveats(parts, online=self.online, country_iso_code=self.country_iso_code)
        hardware.remember(self._recorder.caveats)
        caveats += [c for c in hardware.seen() + self._recorder.caveats if c not in caveats]
        if data is None:
            caveats.append(cv.Caveat("tracker-error", "codecarbon did not write a measurement for this run"))
        result = TrackingResult(
            emissions_kg=_float(data, "emissions"),
            energy_kwh=_float(data, "energy_consumed"),
            duration_s=_float(data, "duration"),
            run_id=run_id,
            outcome=outcome,
            energy_basis=cv.energy_basis(parts),
            csv_path=self.csv_path,
            caveats_path=self.caveats_path,
            caveats=tuple(caveats),
        )
        cv.append_run(self.caveats_path, self._caveats_entry(result, parts))
        return result

    def _caveats_entry(self, result: TrackingResult, parts: dict[str, Any]) -> dict[str, Any]:
        import codecarbon

        return {
            "run_id": result.run_id,
            "emissions_file": EMISSIONS_FILE,
            "outcome": result.outcome,
            "energy_basis": result.energy_basis,
            "components": parts,
            "location": cv.location(
                online=self.online, country_iso_code=self.country_iso_code, caveats=list(result.caveats)
            ),
            "caveats": cv.caveats_as_json(list(result.caveats)),
            "ignored_config": self._ignored,
            "settings": public_settings(self._kwargs, online=self.online),
            "codecarbon_version": getattr(codecarbon, "__version__", None),
        }

    def _stop_at_exit(self) -> None:
        # The process is ending with the run unfinished (an exception escaped
        # the training loop): write the row if at all possible, never raise.
        with contextlib.suppress(Exception):
            self.stop(outcome="failed")

    def _install_sigterm(self) -> None:
        if not self.handle_sigterm or not signals.in_main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            self._previous_sigterm = signal.signal(signal.SIGTERM, signals.exit_on_sigterm)

    def _restore_sigterm(self) -> None:
        if self._previous_sigterm is None or not signals.in_main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is signals.exit_on_sigterm:
            signal.signal(signal.SIGTERM, self._previous_sigterm)
        self._previous_sigterm = None


@contextlib.contextmanager
def track(
    output_dir: str | os.PathLike[str],
    *,
    country_iso_code: str | None = None,
    online: bool = False,
    project_name: str = DEFAULT_PROJECT_NAME,
    measure_power_secs: float = DEFAULT_MEASURE_POWER_SECS,
    log_level: str = "warning",
) -> Iterator[CarbonTracker]:
    """Measure the block's emissions into ``output_dir/emissions.csv``.

    Args:
        output_dir: the run folder (created when missing).
        country_iso_code: 3-letter ISO code of where the energy is used.
        online: use the online tracker (geolocation over the network).
        project_name: the CSV's ``project_name``.
        measure_power_secs: interval between power measurements.
        log_level: codecarbon messages shown on stderr from this level up.

    Yields:
        The running :class:`CarbonTracker`; its ``result`` is set on exit.

    Raises:
        MissingDependencyError: codecarbon is not installed
            (``pip install 'modelcard[carbon]'``).

    Example:
        >>> with track("runs/1", country_iso_code="FRA") as t:   # doctest: +SKIP
        ...     train()
        >>> t.result.caveats                                        # doctest: +SKIP
    """
    tracker = CarbonTracker(
        output_dir,
        country_iso_code=country_iso_code,
        online=online,
        project_name=project_name,
        measure_power_secs=measure_power_secs,
        log_level=log_level,
    )
    tracker.start()
    outcome = "failed"
    try:
        yield tracker
        outcome = "completed"
    except (KeyboardInterrupt, SystemExit):
        outcome = "interrupted"
        raise
    finally:
        tracker.stop(outcome=outcome)


def _float(data: Any, name: str) -> float | None:
    value = getattr(data, name, None)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
