"""How a training callback tracks, writes and publishes: one options object for every framework."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modelcard.errors import UsageError


@dataclass(frozen=True)
class CardOptions:
    """How a callback tracks, writes and publishes.

    Attributes:
        metadata: card metadata the user sets (``license``, ``datasets``,
            ``language``...); wins over derived values and an existing card.
        template: a template name or path for :func:`modelcard.generate.generate`.
        track_emissions: measure emissions with codecarbon (the carbon extra).
        country_iso_code: 3-letter ISO code of where the energy is used.
        push: push card and weights in one commit when training ends.
        repo_id: ``namespace/name`` to push to (required with ``push``).
        endpoint: the Hub URL (default: ``HF_ENDPOINT``, else huggingface.co).
        token: the Hub token (default: ``HF_TOKEN`` or the saved login).
        revision: the branch to push to.
        private: visibility of a repository the push creates.
        commit_message: the commit title.
    """

    metadata: Mapping[str, Any] | None = None
    template: str | None = None
    track_emissions: bool = True
    country_iso_code: str | None = None
    push: bool = False
    repo_id: str | None = None
    endpoint: str | None = None
    token: str | None = field(default=None, repr=False)
    revision: str | None = None
    private: bool = False
    commit_message: str | None = None

    def prepare(self) -> None:
        """Fail before training, not after it, on options that cannot work;
        start codecarbon's hardware detection while the run is being set up."""
        if self.push and not self.repo_id:
            raise UsageError("push=True needs repo_id='namespace/name'")
        if self.metadata:
            from modelcard.generate.validate import validate

            validate(metadata_file=None, metadata=self.metadata, flags={})
        if self.track_emissions:
            from modelcard.carbon.settings import check_country, import_codecarbon

            import_codecarbon()
            check_country(self.country_iso_code)
            from modelcard.carbon.hardware import prewarm

            prewarm()
