"""Site paths of the pages; templates turn them into links with `url(...)`.

Its own module so that every view can link to a page without importing `pages`.
"""

from __future__ import annotations


class Paths:
    """Site paths of the pages; templates turn them into links with `url(...)`."""

    index = "index.html"
    touchpoints = "touchpoints/index.html"
    not_found = "404.html"
    evaluation = "evaluation/index.html"
    changes = "changes/index.html"  # with `build --changes-since`

    @staticmethod
    def journey(journey_id: str) -> str:
        return f"journeys/{journey_id}/index.html"

    @staticmethod
    def persona(persona_id: str) -> str:
        return f"personas/{persona_id}/index.html"

    @staticmethod
    def page(page_id: str) -> str:
        return f"{page_id}/index.html"

    @staticmethod
    def journey_changes(journey_id: str) -> str:
        return f"journeys/{journey_id}/changes/index.html"


def changes_paths(folder: str) -> type[Paths]:
    """`Paths` for changes pages kept under `folder` (a published version's, e.g.
    "changes/review-1/"): the site's page there, a journey's at journeys/<id>/ inside it.
    With "" (`--changes-since`), `Paths` itself."""
    if not folder:
        return Paths

    class InFolder(Paths):
        changes = f"{folder}index.html"

        @staticmethod
        def journey_changes(journey_id: str) -> str:
            return f"{folder}journeys/{journey_id}/index.html"

    return InFolder
