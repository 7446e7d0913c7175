"""The weights' sha256 that `modelcard document` states is the id the Hub's Git LFS records."""

from __future__ import annotations

import shutil
from pathlib import Path

from huggingface_hub import HfApi

from modelcard import push
from modelcard.document import document

RUN = Path(__file__).resolve().parents[1] / "fixtures" / "document" / "trainer-resumed"
REPO = "team/tiny-bert"


def test_stated_hashes_are_the_lfs_ids_of_the_pushed_weights(hub, tmp_path):  # noqa: ANN001, ANN201
    run_dir = tmp_path / "run"
    shutil.copytree(RUN, run_dir)
    result = push(run_dir, REPO, endpoint=hub.url)
    assert {f.path: f.mode for f in result.files}["model.safetensors"] == "lfs"

    stated = document(run_dir).specs.digests  # type: ignore[union-attr]
    info = HfApi(endpoint=hub.url).model_info(REPO, revision=result.commit, files_metadata=True)
    recorded = {s.rfilename: s.lfs.sha256 for s in info.siblings if s.lfs is not None}
    assert [(d.path, d.sha256) for d in stated] == [("model.safetensors", recorded["model.safetensors"])]
