"""What every callback does around training: track, then write and push the card.

The framework callbacks only translate their framework's events into
:class:`RunCompanion` calls: ``begin()`` when training starts, ``end()`` when it
ends, with the framework-specific files (logs, weights) written in between.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from modelcard.errors import ModelcardError

if TYPE_CHECKING:
    from modelcard.carbon.track import CarbonTracker, TrackingResult
    from modelcard.card import Card
    from modelcard.hub.push import PushResult
    from modelcard.integrations.options import CardOptions

log = logging.getLogger("modelcard")

CARD = "README.md"


class CardResults:
    """What a callback's run produced, read from its :class:`RunCompanion` (``self._run``)."""

    _run: RunCompanion

    @property
    def card(self) -> Card | None:
        """The card written at the end of training."""
        return self._run.card

    @property
    def tracking(self) -> TrackingResult | None:
        """The emissions measurement, once training has ended."""
        return self._run.tracking

    @property
    def push_result(self) -> PushResult | None:
        """The push, with ``push=True``."""
        return self._run.push_result


@dataclass
class RunCompanion:
    """Tracks one training run in ``output_dir`` and writes its card at the end.

    Attributes (set as the run goes):
        tracking: what the carbon tracker wrote, after ``end()``.
        card: the card written, after ``end()``.
        push_result: the push, when ``options.push``.
    """

    options: CardOptions
    project_name: str = "modelcard"
    tracking: TrackingResult | None = None
    card: Card | None = None
    push_result: PushResult | None = None
    _tracker: CarbonTracker | None = field(default=None, init=False, repr=False)

    def begin(self, output_dir: Path) -> None:
        """Start measuring (a new run per call: a resumed training appends a row)."""
        output_dir.mkdir(parents=True, exist_ok=True)
        self.stop_tracking()
        if self.options.track_emissions:
            from modelcard.carbon.track import CarbonTracker

            self._tracker = CarbonTracker(
                output_dir,
                country_iso_code=self.options.country_iso_code,
                project_name=self.project_name,
            ).start()

    def stop_tracking(self, outcome: str = "completed") -> None:
        if self._tracker is not None:
            self.tracking = self._tracker.stop(outcome=outcome)
            self._tracker = None

    def end(self, output_dir: Path, *, fallback_token: str | None = None) -> Card:
        """Generate (or regenerate) the card, then push when asked.

        Call after the run's logs and weights are written and
        :meth:`stop_tracking` has run. ``fallback_token`` is used for the push
        when the options give none (e.g. the Trainer's ``hub_token``).

        Raises:
            ModelcardError: the card cannot be written or pushed; the message
                says that the run's files are saved and what to run by hand.
        """
        from modelcard.generate import generate

        card_path = output_dir / CARD
        try:
            self.card = generate(
                output_dir, metadata=self.options.metadata, template=self.options.template, output=card_path
            )
        except ModelcardError as e:
            raise ModelcardError(
                f"training finished and its files are in `{output_dir}`, but the card could not be written: {e}"
            ) from e
        if self.options.push:
            from modelcard.hub import push

            try:
                self.push_result = push(
                    output_dir,
                    self.options.repo_id or "",
                    revision=self.options.revision,
                    private=self.options.private,
                    message=self.options.commit_message,
                    endpoint=self.options.endpoint,
                    token=self.options.token or fallback_token,
                )
            except ModelcardError as e:
                raise ModelcardError(
                    f"the card is written to `{card_path}` but the push failed: {e}; "
                    f"push later with `modelcard push {output_dir} --repo-id {self.options.repo_id}`"
                ) from e
            log.info("pushed %s to %s (commit %s)", output_dir, self.options.repo_id, self.push_result.commit)
        return self.card
