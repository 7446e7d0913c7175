"""Peak dense throughput of common accelerators, for the hardware-based compute estimate.

Figures are the manufacturer's datasheet peaks without sparsity, in FLOP/s
per device. Only accelerators whose name identifies one figure are listed;
an unknown device gives no estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Accelerator:
    name: str
    fp32: float
    half: float  # FP16/BF16 tensor cores, dense
    reference: str


_TERA = 1e12
#: (pattern on the recorded model name, accelerator); the first match wins.
ACCELERATORS: tuple[tuple[re.Pattern[str], Accelerator], ...] = (
    (re.compile(r"\bH100\b.*\bPCIe\b", re.I), Accelerator("NVIDIA H100 PCIe", 51 * _TERA, 756 * _TERA, "NVIDIA H100 Tensor Core GPU datasheet")),
    (re.compile(r"\bH100\b", re.I), Accelerator("NVIDIA H100 SXM", 67 * _TERA, 989 * _TERA, "NVIDIA H100 Tensor Core GPU datasheet")),
    (re.compile(r"\bA100\b", re.I), Accelerator("NVIDIA A100", 19.5 * _TERA, 312 * _TERA, "NVIDIA A100 Tensor Core GPU datasheet")),
    (re.compile(r"\bV100\b.*\bPCIe\b", re.I), Accelerator("NVIDIA V100 PCIe", 14 * _TERA, 112 * _TERA, "NVIDIA V100 Tensor Core GPU datasheet")),
    (re.compile(r"\bV100\b", re.I), Accelerator("NVIDIA V100 SXM2", 15.7 * _TERA, 125 * _TERA, "NVIDIA V100 Tensor Core GPU datasheet")),
    (re.compile(r"\bT4\b", re.I), Accelerator("NVIDIA T4", 8.1 * _TERA, 65 * _TERA, "NVIDIA T4 Tensor Core GPU datasheet")),
    (re.compile(r"\bL4\b", re.I), Accelerator("NVIDIA L4", 30.3 * _TERA, 121 * _TERA, "NVIDIA L4 Tensor Core GPU datasheet")),
)


def find(model: str) -> Accelerator | None:
    """The accelerator a recorded model name (``"4 x NVIDIA A100-SXM4-80GB"``) names, or None."""
    for pattern, accelerator in ACCELERATORS:
        if pattern.search(model):
            return accelerator
    return None
