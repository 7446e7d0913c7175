"""Framework versions: as recorded by the run, else as installed now.

Readers record what the run wrote down (``config.json:transformers_version``,
``adapter_config.json:peft_version``, ``emissions.csv:codecarbon_version``).
For Keras the backend the run used (``fit_params.json:backend``) is listed, never
a guess: without it no backend is named.
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
    "keras": ("keras",),
    "lightning": ("lightning", "pytorch-lightning", "torch"),
}

#: Keras backend -> the package that provides it (the first one installed
#: gives the version: TensorFlow ships under several names).
BACKEND_PACKAGES: dict[str, tuple[str, ...]] = {
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-macos", "tf-nightly"),
    "torch": ("torch",),
    "jax": ("jax",),
    "numpy": ("numpy",),
    "openvino": ("openvino",),
}


def backend_package(backend: str) -> str:
    """The name a card lists for a Keras backend (``"torch"``, ``"jax"``, ``"tensorflow"``...)."""
    return BACKEND_PACKAGES.get(backend, (backend,))[0]


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
    if run.framework.value == "keras":
        _keras_backend(run)


def _keras_backend(run: Run) -> None:
    """The version of the backend Keras ran on, when the run names the backend."""
    if run.backend is None:
        run.problem(
            "",
            "the Keras backend (TensorFlow, JAX or PyTorch) is not recorded, so its version is not stated "
            "(the Keras card callback writes it to `fit_params.json`)",
        )
        return
    backend = str(run.backend.value)
    name = backend_package(backend)
    if name in run.framework_versions:
        return
    for package in BACKEND_PACKAGES.get(backend, (backend,)):
        version = installed(package)
        if version is not None:
            run.framework_versions[name] = Fact(version, ENVIRONMENT)
            return
    run.problem(
        run.backend.source.split(":", 1)[0],
        f"the Keras backend `{name}` is recorded but not its version, and it is not installed here",
    )
