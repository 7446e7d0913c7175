"""MC001: the file cannot be read as UTF-8 text.

The engine reports it from the card loader's error that names it (``CardError.code_name``).
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC001",
    name="unreadable-file",
    summary="The file cannot be read as UTF-8 text",
    check=None,
    doc="""\
## What it does
Reports a card that cannot be read: a binary file, text that is not valid UTF-8,
a file that cannot be opened (missing, a folder, no permission).

## Why is this bad?
The Hub reads a card as UTF-8 text. A card in another encoding shows as garbage
or not at all, and no other check can run on it.

## Example
A `README.md` saved as Latin-1 with `café` in it, or a `.md` file that is really
a PNG image.

## Use instead
Save the card as UTF-8 (with or without a byte order mark).
""",
)
