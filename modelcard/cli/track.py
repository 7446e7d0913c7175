"""Run a command while measuring its carbon footprint with codecarbon.

Writes emissions.csv and emissions_caveats.json into the output folder (the
run folder whose card will state them). The command's exit code is returned;
SIGINT and SIGTERM are forwarded to it; the measurement is written however it
ends. Needs the carbon extra: pip install 'modelcard[carbon]'.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.carbon.track import TrackingResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.usage = (
        "modelcard track [--country ISO3] [--output-dir DIR] [--online] [--measure-power-secs S] -- COMMAND [ARGS...]"
    )
    parser.add_argument(
        "--country",
        metavar="ISO3",
        help="3-letter ISO code of the country where the energy is used (e.g. FRA); "
        "without it the world-average carbon intensity is used and the card says so",
    )
    parser.add_argument(
        "--output-dir",
        metavar="DIR",
        default=".",
        help="run folder that receives emissions.csv (default: current folder)",
    )
    parser.add_argument(
        "--online",
        action="store_true",
        help="use codecarbon's online tracker, which geolocates the machine over the network",
    )
    parser.add_argument(
        "--measure-power-secs",
        metavar="SECONDS",
        type=float,
        default=15.0,
        help="interval between power measurements (default: 15)",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after `--`")


def run(args: argparse.Namespace) -> int:
    from modelcard.carbon.runner import run_tracked

    command = list(args.command)
    if command[:1] == ["--"]:
        command = command[1:]
    done = run_tracked(
        command,
        output_dir=args.output_dir,
        country_iso_code=args.country,
        online=args.online,
        measure_power_secs=args.measure_power_secs,
    )
    print(f"modelcard: {summary(done.tracking)}", file=sys.stderr)
    return done.returncode


def summary(result: TrackingResult) -> str:
    """One line: grams, energy, whether estimated, where it was written."""
    if result.emissions_kg is None:
        return f"no emissions measured (see {result.caveats_path})"
    basis = {"measured": "measured", "partly-estimated": "partly estimated"}.get(result.energy_basis, "estimated")
    energy = f", {result.energy_kwh * 1000:.3g} Wh" if result.energy_kwh is not None else ""
    return (
        f"{result.emissions_kg * 1000:.3g} g CO2eq{energy} ({basis}, {len(result.caveats)} caveats) "
        f"written to {result.csv_path}"
    )
