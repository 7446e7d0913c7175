"""The README's local-Hub recipe, run as a user runs it: a real process, ``HF_ENDPOINT`` set.

Nothing here sets a ``HF_HUB_DISABLE_*`` switch, so the client calls every endpoint it calls
for users (the agent-harness registry among them) against the local server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = "acme/tiny-sentiment"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modelcard", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_push_then_pull_with_hf_endpoint_as_the_readme_says(hub, model_dir: Path, tmp_path: Path, token: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_HUB_DISABLE")}
    env.update(HF_ENDPOINT=hub.url, HF_TOKEN=token, HF_HOME=str(tmp_path / "hf-home"))

    pushed = _run(["push", str(model_dir), "--repo-id", REPO], env)
    assert pushed.returncode == 0, pushed.stderr
    assert "pushed 4 of 4 files" in pushed.stdout

    pulled = _run(["pull", REPO, "--revision", "main", "--dir", str(tmp_path / "pulled")], env)
    assert pulled.returncode == 0, pulled.stderr
    assert (tmp_path / "pulled" / "model.safetensors").read_bytes() == (model_dir / "model.safetensors").read_bytes()
    assert ("GET", "/api/agent-harnesses", 200) in hub.stats.requests
    # Every call of the client was understood: the only refusals are the two probes a push makes
    # (does the repository exist yet, does the server speak Xet), which the client expects.
    refused = {(method, path, status) for method, path, status in hub.stats.requests if status >= 400}
    assert refused == {
        ("GET", f"/api/models/{REPO}/refs", 404),
        ("GET", f"/api/models/{REPO}/xet-write-token/main", 404),
    }
    assert token not in pushed.stdout + pushed.stderr + pulled.stdout + pulled.stderr
