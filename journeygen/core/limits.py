"""Limits on what journeygen reads (docs/format.md "Limits", SECURITY.md).

Content comes from interviews and exports, and a build must end quickly whatever it holds:
`sources` refuses larger files, `yamlload` deeper or more repetitive YAML, `markdown_limits`
Markdown that Python-Markdown would take too long on.
"""

from __future__ import annotations

MAX_FILE_BYTES = 2 * 1024 * 1024  # one Markdown or YAML file
MAX_CSV_BYTES = 20 * 1024 * 1024  # one file in content/data/
MAX_MARKDOWN_BYTES = 128 * 1024  # the Markdown of one file (Python-Markdown is slow on more)
MAX_BLOCK_BYTES = 16 * 1024  # one paragraph of Markdown (its inline parsing is quadratic)
MAX_BRACKET_SCAN = 1_000_000  # characters read to match '[' with ']' in one Markdown text
MAX_OPEN_TAGS = 100  # HTML tags that no '>' closes in one Markdown text
MAX_ABBREVIATIONS = 100  # '*[ABC]: ...' definitions in one Markdown text
MAX_DEPTH = 50  # levels of nesting, in YAML and in Markdown (lists, quotes)
MAX_ALIAS_VALUES = 100_000  # values that YAML aliases (*name) may repeat in one file
MAX_ALIAS_CHARS = 1_000_000  # characters of text that YAML aliases may repeat in one file
MAX_NUMBER = 10**15  # a KPI's target, actual or measured value, either sign: the charts
# subtract and divide them, and the difference of two larger floats can overflow to inf
