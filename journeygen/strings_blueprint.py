"""Interface text of the service blueprint and the team pages, per language (merged into
`strings.STRINGS`; both languages have exactly the same keys, as there)."""

from __future__ import annotations

EN: dict[str, str] = {
    "lane.frontstage": "Frontstage",
    "lane.backstage": "Backstage",
    "lane.support": "Support",
    "lane.props": "Props",
    "blueprint.line.interaction": "Line of interaction",
    "blueprint.line.visibility": "Line of visibility",
    "blueprint.line.internal": "Line of internal interaction",
    "blueprint.owner": "Owner",
}

NL: dict[str, str] = {
    "lane.frontstage": "Frontstage",
    "lane.backstage": "Backstage",
    "lane.support": "Ondersteuning",
    "lane.props": "Tastbaar bewijs",
    "blueprint.line.interaction": "Interactielijn",
    "blueprint.line.visibility": "Zichtbaarheidslijn",
    "blueprint.line.internal": "Lijn van interne interactie",
    "blueprint.owner": "Eigenaar",
}
