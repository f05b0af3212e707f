"""Interface text, per language. Both languages have exactly the same keys (tested).

`{name}` fields are filled by `t(key, name=...)`; keys ending in `.one` / `.other` are
the singular and plural forms used by `t.plural(key, count)`.
"""

from __future__ import annotations

from journeygen.core.strings_en import EN
from journeygen.core.strings_nl import NL

STRINGS: dict[str, dict[str, str]] = {"en": EN, "nl": NL}
