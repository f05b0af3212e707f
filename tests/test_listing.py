"""Long site-wide lists split into static pages with a pager and filter pages (issue 19)."""

from __future__ import annotations

from journeygen.core.i18n import translator
from journeygen.render import listing

T = translator("en")


def test_a_short_list_is_one_page_without_pager_or_filters() -> None:
    parts = listing.split("touchpoints/index.html", ["a", "b"], 2, T)
    assert [(p.path, p.rows, p.pager, p.facets) for p in parts] == [
        ("touchpoints/index.html", ("a", "b"), None, ())
    ]


def test_a_long_list_is_pages_of_the_given_size_each_with_its_pager() -> None:
    rows = [f"r{n}" for n in range(1, 12)]
    parts = listing.split("touchpoints/index.html", rows, 5, T)
    assert [p.path for p in parts] == [
        "touchpoints/index.html",
        "touchpoints/2/index.html",
        "touchpoints/3/index.html",
    ]
    assert [len(p.rows) for p in parts] == [5, 5, 1]
    second = parts[1].pager
    assert second is not None
    assert (second.previous, second.next) == ("touchpoints/index.html", "touchpoints/3/index.html")
    assert second.summary == "6–10 of 11"
    assert [link.number for link in second.links if link] == [1, 2, 3]


def test_the_pager_shows_the_first_the_last_and_the_pages_near_the_current_one() -> None:
    pager = listing.pager("x/index.html", 10, 40, 5, 200, T)
    shown = [link.number if link else None for link in pager.links]
    assert shown == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert [link.path for link in pager.links if link and link.current] == ["x/10/index.html"]


def test_each_value_of_a_facet_has_pages_of_its_own_rows() -> None:
    rows = [("a", "Email"), ("b", "E mail"), ("c", "Email"), ("d", "E-mail")]
    facet = listing.FacetSpec("channel", "Channel", lambda row: (row[1],), str.upper)  # type: ignore[index]
    parts = listing.split("t/index.html", rows, 2, T, [facet])
    by_path = {p.path: p for p in parts}
    assert sorted(by_path) == [
        "t/2/index.html",
        "t/channel/e-mail-2/index.html",  # a second value with the same folder name
        "t/channel/e-mail/index.html",
        "t/channel/email/index.html",
        "t/index.html",
    ]
    email = by_path["t/channel/email/index.html"]
    assert email.rows == (("a", "Email"), ("c", "Email"))
    assert email.heading == "Channel: EMAIL"
    values = {v.value: (v.count, v.current) for v in email.facets[0].values}
    assert values == {"E mail": (1, False), "E-mail": (1, False), "Email": (2, True)}
    assert listing.heading("Inventory", parts[1], T) == "Inventory · page 2 of 2"


def test_a_facet_the_list_is_sorted_by_links_to_where_its_rows_begin() -> None:
    rows = [("a", "missed"), ("b", "missed"), ("c", "missed"), ("d", "met"), ("e", "met")]
    status = listing.FacetSpec(
        "status",
        "Status",
        lambda row: (row[1],),
        str.title,
        anchor=lambda v: f"group-{v}",  # type: ignore[index]
    )
    parts = listing.split("e/index.html", rows, 2, T, [status])
    assert [p.path for p in parts] == ["e/index.html", "e/2/index.html", "e/3/index.html"]
    paths = {v.value: v.path for v in parts[0].facets[0].values}
    assert paths == {"met": "e/2/index.html#group-met", "missed": "e/index.html#group-missed"}
