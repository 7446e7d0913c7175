"""Framework versions: as recorded by the run, else as installed now.

Readers record what the run wrote down (``config.json:transformers_version``,
``adapter_config.json:peft_version``, ``emissions.csv:codecarbon_version``).
For the framework's other packages the installed version is taken with
``importlib.metadata`` and its source is ``"environment"``: the version
present where the card was made, not necessarily where the model was trained.
"""

from __future__ import annotations

from importlib import metadata

from modelcard.facts import Fact
from modelcard.sources.run import Run

ENVIRONMENT = "environment"

#: framework -> the packages a card lists for it, in display order.
PACKAGES: dict[str, tuple[str, ...]] = {
    "transformers": ("transformers", "torch", "datasets", "tokenizers"),
    "keras": ("keras", "tensorflow"),
    "lightning": ("lightning", "pytorch-lightning", "torch"),
}


def installed(package: str) -> str | None:
    """The installed version of ``package``, or None."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def read(run: Run) -> None:
    """Add the framework's package versions not recorded by the run."""
    if run.framework is None:
        return
    packages = list(PACKAGES.get(run.framework.value, ()))
    if run.model.library_name is not None and run.model.library_name.value == "peft":
        packages.append("peft")
    if run.framework.value == "lightning" and installed("lightning") and installed("pytorch-lightning"):
        packages.remove("pytorch-lightning")
    for package in packages:
        if package in run.framework_versions:
            continue
        version = installed(package)
        if version is not None:
            run.framework_versions[package] = Fact(version, ENVIRONMENT)
