"""The package's version, in one place (the build reads it too: ``[tool.hatch.version]``)."""

__version__ = "0.1.0"
