"""Push from the browser: the plan (a dry run) and the push, through `modelcard.hub.push` as the CLI does.

The token comes from where the CLI takes it (``HF_TOKEN`` or the saved
login) and never reaches the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from modelcard.errors import ModelcardError
from modelcard.secrets import redact


def push_folder(
    folder: Path,
    *,
    repo_id: str,
    revision: str | None = None,
    endpoint: str | None = None,
    message: str | None = None,
    dry_run: bool = True,
) -> dict[str, Any]:
    """The plan (``dry_run``) or the outcome of pushing ``folder``, as the page shows it."""
    from modelcard.hub import push

    if not repo_id.strip():
        return {"ok": False, "error": "give the repository id (namespace/name)"}
    try:
        result = push(folder, repo_id.strip(), revision=revision, endpoint=endpoint, message=message, dry_run=dry_run)
    except ModelcardError as e:
        return {"ok": False, "error": redact(str(e))}
    return {
        "ok": True,
        "dry_run": result.dry_run,
        "repo_id": result.repo_id,
        "revision": result.revision,
        "endpoint": result.endpoint,
        "files": [{"path": f.path, "size": f.size, "mode": f.mode, "status": f.status} for f in result.files],
        "ignored": list(result.ignored),
        "commit": result.commit,
        "created_commit": result.created_commit,
        "findings": [f"README.md:{d.location.line}:{d.location.column}: {d.code} {d.message}" for d in result.diagnostics],
    }
