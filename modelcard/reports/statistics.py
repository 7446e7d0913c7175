"""How many findings each rule reported, most frequent first."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.checks.rule import Rule
    from modelcard.diagnostics import Diagnostic


def render(diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = (), as_json: bool = False) -> str:
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    fixable = {d.code for d in diagnostics if d.fix is not None}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if as_json:
        data = [{"code": c, "name": names[c], "count": n, "fixable": c in fixable} for c, n in rows]
        return json.dumps(data, indent=2) + "\n"
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(f"{n:>{width}}  {c}  {names[c]}{'  [*]' if c in fixable else ''}\n" for c, n in rows)
