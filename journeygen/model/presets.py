"""Stage presets (`framework:`): stage ids in order, with English and Dutch names."""

from __future__ import annotations

# preset id -> ((stage id, English name, Dutch name), ...)
PRESETS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "aaarrr": (
        ("awareness", "Awareness", "Awareness"),
        ("acquisition", "Acquisition", "Acquisition"),
        ("activation", "Activation", "Activation"),
        ("revenue", "Revenue", "Revenue"),
        ("retention", "Retention", "Retention"),
        ("referral", "Referral", "Referral"),
    ),
    "aarrr": (
        ("acquisition", "Acquisition", "Acquisition"),
        ("activation", "Activation", "Activation"),
        ("retention", "Retention", "Retention"),
        ("referral", "Referral", "Referral"),
        ("revenue", "Revenue", "Revenue"),
    ),
    "5a": (
        ("attention", "Attention", "Aandacht"),
        ("consideration", "Consideration", "Afweging"),
        ("action", "Action", "Actie"),
        ("always", "Always", "Altijd"),
        ("ambassador", "Ambassadorship", "Ambassadeurschap"),
    ),
    "kotler-5a": (
        ("aware", "Aware", "Bewust"),
        ("appeal", "Appeal", "Aantrekking"),
        ("ask", "Ask", "Vragen"),
        ("act", "Act", "Handelen"),
        ("advocate", "Advocate", "Aanbevelen"),
    ),
    "five-phases": (
        ("awareness", "Awareness", "Bewustwording"),
        ("consideration", "Consideration", "Overweging"),
        ("purchase", "Purchase", "Aankoop"),
        ("use", "Use", "Gebruik"),
        ("loyalty", "Loyalty", "Loyaliteit"),
    ),
    "six-phases": (
        ("awareness", "Awareness", "Bewustwording"),
        ("consideration", "Consideration", "Overweging"),
        ("purchase", "Purchase", "Aankoop"),
        ("initiate", "Initiate", "Start"),
        ("enablement", "Enablement", "Ingebruikname"),
        ("advocacy", "Advocacy", "Aanbeveling"),
    ),
    "mckinsey": (
        ("consider", "Initial consideration", "Eerste overweging"),
        ("evaluate", "Active evaluation", "Actieve evaluatie"),
        ("buy", "Moment of purchase", "Aankoopmoment"),
        ("experience", "Post-purchase experience", "Ervaring na aankoop"),
        ("loyalty", "Loyalty loop", "Loyaliteitslus"),
    ),
    "see-think-do-care": (
        ("see", "See", "See"),
        ("think", "Think", "Think"),
        ("do", "Do", "Do"),
        ("care", "Care", "Care"),
    ),
}

PRESET_TITLES: dict[str, str] = {
    "aaarrr": "AAARRR",
    "aarrr": "AARRR",
    "5a": "5A",
    "kotler-5a": "Kotler 5A",
    "five-phases": "Five phases",
    "six-phases": "Six phases",
    "mckinsey": "McKinsey CDJ",
    "see-think-do-care": "See-Think-Do-Care",
}


def stage_ids(preset: str) -> tuple[str, ...]:
    return tuple(stage_id for stage_id, _, _ in PRESETS[preset])


def stage_name(preset: str, stage_id: str, language: str) -> str:
    for sid, english, dutch in PRESETS[preset]:
        if sid == stage_id:
            return dutch if language == "nl" else english
    raise KeyError(stage_id)
