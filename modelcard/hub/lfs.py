"""Regular or large-file (LFS): the rule the local server applies, and a dry run guesses with."""

from __future__ import annotations

import fnmatch

#: Files above this size always go through Git LFS.
LFS_SIZE = 10 << 20

#: The ``.gitattributes`` a new repository starts with (as on the Hub).
GITATTRIBUTES = "".join(
    f"{pattern} filter=lfs diff=lfs merge=lfs -text\n"
    for pattern in (
        "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gguf", "*.gz", "*.h5", "*.joblib",
        "*.lfs.*", "*.mlmodel", "*.model", "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot", "*.parquet",
        "*.pb", "*.pickle", "*.pkl", "*.pt", "*.pth", "*.rar", "*.safetensors", "*.tar.*", "*.tar",
        "*.tflite", "*.tgz", "*.wasm", "*.xz", "*.zip", "*.zst", "*tfevents*",
    )
)


def lfs_patterns(gitattributes: str) -> list[str]:
    """The globs a ``.gitattributes`` file sends through LFS."""
    return [line.split()[0] for line in gitattributes.splitlines() if "filter=lfs" in line and line.split()]


def upload_mode(path: str, size: int, sample: bytes, patterns: list[str]) -> str:
    """``"lfs"`` for big, binary or LFS-tracked files, ``"regular"`` otherwise (empty files too)."""
    if size == 0:
        return "regular"
    name = path.rsplit("/", 1)[-1]
    if size > LFS_SIZE or b"\0" in sample or any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(path, p) for p in patterns):
        return "lfs"
    return "regular"
