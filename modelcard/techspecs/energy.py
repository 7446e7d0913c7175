"""Training energy from codecarbon: kWh (and MWh, as the documentation form asks),
measured or estimated, with the caveats the run recorded."""

from __future__ import annotations

from dataclasses import dataclass

from modelcard.sources.hyperparameters import number
from modelcard.sources.run import Run

#: What each ``energy_basis`` means, for the methodology.
BASIS_TEXT = {
    "measured": "measured: codecarbon read every tracked part's energy from counters (RAPL, NVML)",
    "partly-estimated": "partly estimated: codecarbon read some parts from energy counters and estimated the rest",
    "estimated": "estimated: codecarbon found no readable energy counters and estimated from load and rated power",
    None: "codecarbon measures with energy counters (RAPL, NVML) where it can and estimates elsewhere; "
    "the run's files do not say which applied",
}


@dataclass(frozen=True)
class Energy:
    """Energy consumed by training.

    Attributes:
        kwh: kilowatt-hours.
        source: the file and column.
        tool: ``"codecarbon 2.3.4"``.
        basis: ``"measured"``, ``"partly-estimated"``, ``"estimated"``, or None when not recorded.
        basis_source: where the basis came from (``emissions_caveats.json:energy_basis``).
        caveats: what the tracker assumed, one sentence each.
        runs: tracked runs added up.
    """

    kwh: float
    source: str
    tool: str
    basis: str | None
    basis_source: str | None
    caveats: tuple[str, ...]
    runs: int

    @property
    def mwh(self) -> float:
        return self.kwh / 1000

    @property
    def methodology(self) -> str:
        added = f"; {self.runs} tracked runs added up" if self.runs > 1 else ""
        return f"{self.tool}, read from `{self.source.split(':', 1)[0]}`: {BASIS_TEXT[self.basis]}{added}"


def training_energy(run: Run) -> Energy | None:
    """The energy codecarbon recorded, or None."""
    em = run.emissions
    if em is None or em.energy_kwh is None or number(em.energy_kwh.value) is None:
        return None
    basis = em.energy_basis
    return Energy(
        kwh=float(em.energy_kwh.value),
        source=em.energy_kwh.source,
        tool=em.source,
        basis=str(basis.value) if basis is not None else None,
        basis_source=basis.source if basis is not None else None,
        caveats=tuple(em.caveats),
        runs=em.runs,
    )
