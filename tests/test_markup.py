"""markup: Markdown with tables, attributes and heading ids; Mermaid fences as diagrams."""

from __future__ import annotations

from journeygen.render import markup
from journeygen.render.markup import render_markdown


def test_mermaid_fence_becomes_an_escaped_diagram() -> None:
    out = render_markdown("Intro\n\n```mermaid\nflowchart LR\n  a -->|<b>| b\n```\n")
    assert out.has_diagram
    assert '<pre class="mermaid">flowchart LR\n  a --&gt;|&lt;b&gt;| b\n</pre>' in out.html


def test_other_fences_stay_code() -> None:
    out = render_markdown("```python\nprint('<x>')\n```\n")
    assert not out.has_diagram
    assert "<pre><code class=\"language-python\">print('&lt;x&gt;')" in out.html


def test_tables_attributes_lists_and_heading_levels() -> None:
    text = "# Title\n\n## Sub {: #custom }\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n1. one\n2. two\n"
    out = render_markdown(text, heading_level=3)
    assert '<h3 id="title">Title</h3>' in out.html
    assert '<h4 id="custom">Sub</h4>' in out.html
    starts_at_two = render_markdown("## Context\n\n### Detail\n", heading_level=3).html
    assert '<h3 id="context">Context</h3>' in starts_at_two and "<h4" in starts_at_two
    assert "<table>" in out.html and "<td>1</td>" in out.html
    assert "<ol>" in out.html


def test_one_converter_is_reused_and_reset() -> None:
    render_markdown("Text[^1]\n\n[^1]: note\n")
    first = markup._converter
    out = render_markdown("# Same\n\nOther.")
    assert markup._converter is first
    assert "footnote" not in out.html  # reset between documents
    assert render_markdown("# Same").html == render_markdown("# Same").html  # ids restart


def test_empty_text() -> None:
    out = render_markdown("  \n")
    assert out.html == "" and not out.has_diagram


def test_raw_html_is_left_as_markdown_leaves_it() -> None:
    assert "<kbd>x</kbd>" in render_markdown("Press <kbd>x</kbd>").html
