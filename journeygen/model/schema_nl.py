"""The editor help of `journeygen schema` in Dutch: every description and every free-text
example of schema.py (and of a custom lane, validate/lanes.py), keyed by its English text,
as gettext keys a message by its English original. Ids, enum values, numbers, paths,
addresses and the names in KEPT stay as they are. tests/test_schema_help.py checks that every
English text has its Dutch one, and that no Dutch entry is left over.
"""

from __future__ import annotations

from typing import Any

DESCRIPTIONS: dict[str, str] = {
    # journeygen.yml
    "journeygen.yml: the site's settings; every key has a default":
        "journeygen.yml: de instellingen van de site; elke sleutel heeft een standaardwaarde",
    "The site's title (default: the project folder's name)":
        "De titel van de site (standaard: de naam van de projectmap)",
    "One sentence about the site, for the home page and search engines":
        "Eén zin over de site, voor de startpagina en zoekmachines",
    "The address where the site is published; only needed for the sitemap, canonical "
    "links and link previews":
        "Het adres waarop de site online staat; alleen nodig voor de sitemap, canonieke "
        "links en linkvoorbeelden",
    "The site's language, for the interface texts and the preset stage names: en or nl":
        "De taal van de site, voor de teksten van de interface en de fasenamen van de "
        "presets: en of nl",
    "A built-in theme, or the name of a folder under themes/":
        "Een ingebouwd thema, of de naam van een map in themes/",
    "Where diagrams get Mermaid from: local (a bundled copy, no request to another site), "
    "cdn, or off (no diagrams)":
        "Waar diagrammen Mermaid vandaan halen: local (een meegeleverde kopie, geen verzoek "
        "aan een andere site), cdn, of off (geen diagrammen)",
    "The folder with personas/, journeys/, pages/, data/ and assets/":
        "De map met personas/, journeys/, pages/, data/ en assets/",
    "The folder the built site is written to":
        "De map waarin de gebouwde site komt",
    "How Markdown is turned into HTML.": "Hoe Markdown HTML wordt.",
    "How Markdown is turned into HTML: raw_html and remote_images":
        "Hoe Markdown HTML wordt: raw_html en remote_images",
    "Keep raw HTML in Markdown as written (scripts too): only when every writer is "
    "trusted; by default it is sanitised (see SECURITY.md)":
        "HTML in Markdown laten staan zoals het geschreven is (ook scripts): alleen als je "
        "elke schrijver vertrouwt; standaard wordt het opgeschoond (zie SECURITY.md)",
    "Allow images from other sites (![x](https://...)): a reader's browser then asks "
    "those sites for them; by default such an image is an error":
        "Afbeeldingen van andere sites toestaan (![x](https://...)): de browser van een "
        "lezer vraagt ze dan bij die sites op; standaard is zo'n afbeelding een fout",
    "What may be published from content/assets/.":
        "Wat er uit content/assets/ gepubliceerd mag worden.",
    "What may be published from content/assets/: active_content":
        "Wat er uit content/assets/ gepubliceerd mag worden: active_content",
    "Publish HTML and XML files, and SVG with script, from content/assets/: their script "
    "runs on the site's address (see SECURITY.md); by default an error":
        "HTML- en XML-bestanden, en SVG met script, uit content/assets/ publiceren: hun "
        "script draait op het adres van de site (zie SECURITY.md); standaard een fout",
    "Quality rules by id, each off, warning or error (see docs/checks.md)":
        "Kwaliteitsregels op id, elk off, warning of error (zie docs/checks.md)",
    "A quality rule's setting.": "De instelling van een kwaliteitsregel.",
    "off (do not check), warning (report, build anyway) or error (fail the build)":
        "off (niet controleren), warning (melden, toch bouwen) of error (de build "
        "mislukt)",
    "stale-data only: how many months behind the newest data a KPI's last measurement "
    "may be (default 3)":
        "Alleen voor stale-data: hoeveel maanden de laatste meting van een KPI achter mag "
        "lopen op de nieuwste gegevens (standaard 3)",
    "Ask search engines not to index or follow any page (robots)":
        "Zoekmachines vragen geen enkele pagina te indexeren of te volgen (robots)",
    "Name of the environment variable that holds the password (never the password "
    "itself): the pages are encrypted (see docs/privacy.md)":
        "Naam van de omgevingsvariabele met het wachtwoord (nooit het wachtwoord zelf): "
        "de pagina's worden versleuteld (zie docs/privacy.md)",
    "Your own map lanes, next to the built-in ones; a stage gives their items under the "
    "lane's id (see docs/format.md, service blueprint)":
        "Eigen banen op de kaart, naast de ingebouwde; een fase zet de items onder de id "
        "van de baan (zie docs/format.md, service blueprint)",
    "A custom lane (journeygen.yml `lanes:`): a stage gives its items under `id`.":
        "Een eigen baan (journeygen.yml `lanes:`): een fase zet de items onder `id`.",
    "The lane's id, which stages use as a key (a slug; not a built-in stage key)":
        "De id van de baan, die fasen als sleutel gebruiken (kleine letters, cijfers en "
        "'-'; geen ingebouwde sleutel van een fase)",
    "The lane's name on the map": "De naam van de baan op de kaart",
    "The lane's name on a 'language: nl' site":
        "De naam van de baan op een site met 'language: nl'",
    "The id of the lane it follows on the map (by default: at the end)":
        "De id van de baan waarna deze op de kaart komt (standaard: onderaan)",
    "The lanes the map shows, in this order: built-in (actions, thoughts, touchpoints, "
    "emotion, pains, opportunities, kpis, frontstage, backstage, support, props) or "
    "declared under 'lanes:' in journeygen.yml":
        "De banen die de kaart toont, in deze volgorde: ingebouwd (actions, thoughts, "
        "touchpoints, emotion, pains, opportunities, kpis, frontstage, backstage, support, "
        "props) of eigen banen uit 'lanes:' in journeygen.yml",
    "A git tag pattern: each matching tag's version is also published in versions/<tag>/ "
    "(see docs/format.md)":
        "Een patroon voor git-tags: de versie van elke tag die erop past, komt ook online "
        "in versions/<tag>/ (zie docs/format.md)",
    "Free data for your own theme: any keys, journeygen leaves them as they are":
        "Vrije gegevens voor je eigen thema: elke sleutel mag, journeygen laat ze met rust",
    # persona
    "A persona (content/personas/<id>.md): who makes the journeys; only name is required":
        "Een persona (content/personas/<id>.md): wie de klantreizen maakt; alleen name is "
        "verplicht",
    "The persona's name as it appears on the site (required)":
        "De naam van de persona zoals die op de site staat (verplicht)",
    "Job, situation or age: who this person is in a few words":
        "Functie, situatie of leeftijd: wie deze persoon is, in een paar woorden",
    "A typical sentence in the persona's own words":
        "Een typerende uitspraak, in de eigen woorden van de persona",
    "A picture of the persona: a file path relative to content/assets/":
        "Een foto van de persona: een bestandspad vanaf content/assets/",
    "What the persona wants to achieve: a list, or a single text":
        "Wat de persona wil bereiken: een lijst, of één tekst",
    "What frustrates the persona or stands in the way: a list, or a single text":
        "Waar de persona zich aan ergert of op vastloopt: een lijst, of één tekst",
    "What the persona needs from you to reach the goals":
        "Wat de persona van jullie nodig heeft om de doelen te halen",
    "Jobs to be done: the tasks the persona hires a product or service for":
        "Jobs to be done: de klussen waarvoor de persona een product of dienst inhuurt",
    "Where the persona looks for information and gets in touch":
        "Waar de persona informatie zoekt en contact opneemt",
    "How to address this persona in texts and conversations":
        "Hoe je deze persona aanspreekt in teksten en gesprekken",
    "The persona's story in Markdown (only in a .yml/.yaml persona file; in a .md file it "
    "follows the front matter)":
        "Het verhaal van de persona in Markdown (alleen in een .yml/.yaml-bestand; in een "
        ".md-bestand staat het na de front matter)",
    "Who may see this: public (everyone), or internal (left out of `journeygen build "
    "--audience client`, for notes the client should not read)":
        "Wie dit mag zien: public (iedereen), of internal (weggelaten bij `journeygen build "
        "--audience client`, voor notities die de opdrachtgever niet hoeft te lezen)",
    # journey
    "A customer journey (content/journeys/<id>.md): its stages, touchpoints and KPIs; "
    "title and stages are required":
        "Een klantreis (content/journeys/<id>.md): de fasen, touchpoints en KPI's; title en "
        "stages zijn verplicht",
    "The journey's title, as shown on the site (required)":
        "De titel van de klantreis, zoals die op de site staat (verplicht)",
    "The id of the persona who makes this journey (the file name in content/personas/ "
    "without extension)":
        "De id van de persona die deze klantreis maakt (de bestandsnaam in "
        "content/personas/ zonder extensie)",
    "The ids of several personas, when more than one makes this journey":
        "De id's van meerdere persona's, als meer dan één persona deze reis maakt",
    "A stage preset whose stage ids and names the stages use; without it every stage "
    "needs a name (see docs/format.md)":
        "Een model met vaste fasen (preset) waarvan de fasen de id's en namen gebruiken; "
        "zonder model heeft elke fase een naam nodig (zie docs/format.md)",
    "current: the journey as it is today (the default); ideal: as you want it":
        "current: de klantreis zoals die nu loopt (standaard); ideal: zoals hij zou moeten "
        "lopen",
    "The id of the ideal-state journey to compare this one with":
        "De id van de gewenste klantreis om deze mee te vergelijken",
    "What your organisation wants to achieve with this journey":
        "Wat jullie organisatie met deze klantreis wil bereiken",
    "What you believe explains the numbers, to test with research":
        "Wat volgens jullie de cijfers verklaart, om met onderzoek te toetsen",
    "The stages of the journey, in order (at least one)":
        "De fasen van de klantreis, op volgorde (minstens één)",
    "false: the journey is built, but left out of every overview, search, sitemap and "
    "list":
        "false: de klantreis wordt gebouwd, maar staat in geen enkel overzicht, zoekresultaat, "
        "sitemap of lijst",
    "The journey's story in Markdown (only in a .yml/.yaml journey file; in a .md file it "
    "follows the front matter)":
        "Het verhaal van de klantreis in Markdown (alleen in een .yml/.yaml-bestand; in een "
        ".md-bestand staat het na de front matter)",
    # stage
    "A stage (phase) of the journey, with the customer's lanes and the blueprint's.":
        "Een fase van de klantreis, met de banen van de klant en die van de blueprint.",
    "A short id for the stage; with a framework, one of its stage ids":
        "Een korte id voor de fase; met een framework een van de fase-id's daarvan",
    "The stage's name on the map; required without a framework, otherwise it replaces "
    "the preset's name":
        "De naam van de fase op de kaart; verplicht zonder framework, anders vervangt hij "
        "de naam uit het model",
    "What happens to the customer in this stage, in a sentence":
        "Wat de klant in deze fase meemaakt, in één zin",
    "What the customer wants to achieve in this stage":
        "Wat de klant in deze fase wil bereiken",
    "What the customer does: a list of texts, or mappings with text, evidence and source":
        "Wat de klant doet: een lijst teksten, of items met text, evidence en source",
    "What the customer thinks or asks themselves, in their own words":
        "Wat de klant denkt of zich afvraagt, in eigen woorden",
    "How the customer feels, from -2 (very negative) to 2 (very positive), decimals "
    "allowed; or one value per persona, e.g. {eva: 1, tom: -1}":
        "Hoe de klant zich voelt, van -2 (zeer negatief) tot 2 (zeer positief), ook met "
        "een punt als decimaalteken (1.5); of één waarde per persona, bijvoorbeeld "
        "{eva: 1, tom: -1}",
    "What goes wrong or annoys the customer here (pain points)":
        "Wat hier misgaat of de klant ergert (pijnpunten)",
    "Ideas to improve the experience in this stage":
        "Ideeën om de ervaring in deze fase te verbeteren (kansen)",
    "How many people reach this stage (a whole number); with two or more stages the map "
    "shows the funnel and its bottleneck":
        "Hoeveel mensen deze fase bereiken: een heel getal, zonder punt (12000, niet "
        "12.000); bij twee of meer fasen toont de kaart de trechter en het knelpunt",
    "The KPIs of this stage: name, how it is measured, target and owner":
        "De KPI's van deze fase: naam, hoe je meet, doel en eigenaar (meten is weten)",
    "Where the customer meets you in this stage: touchpoints written here, or '- ref: "
    "<id>' for one from content/touchpoints.yml":
        "Waar de klant jullie in deze fase tegenkomt: contactmomenten (touchpoints) hier "
        "uitgeschreven, of '- ref: <id>' voor een uit content/touchpoints.yml",
    "Service blueprint: what staff do that the customer sees":
        "Service blueprint: wat medewerkers doen waar de klant bij is (frontstage)",
    "Service blueprint: what staff do out of the customer's sight":
        "Service blueprint: wat medewerkers achter de schermen doen (backstage)",
    "Service blueprint: the systems, partners and processes behind the work":
        "Service blueprint: de systemen, partners en processen die het werk mogelijk maken",
    "Service blueprint: the physical and digital things the customer holds":
        "Service blueprint: wat de klant in handen krijgt, op papier of digitaal "
        "(bewijsstukken)",
    "A lane declared under 'lanes:' in journeygen.yml: texts, or mappings with text, "
    "owner, evidence, source and visibility":
        "Een eigen baan uit 'lanes:' in journeygen.yml: teksten, of items met text, owner, "
        "evidence, source en visibility",
    # notes and blueprint items
    "An action, thought, pain or opportunity written with its evidence.":
        "Een actie, gedachte, pijnpunt of kans, met onderbouwing.",
    "The note itself, in the words you would put on a sticky note":
        "De notitie zelf, kort, zoals op een post-it",
    "An item of a blueprint lane (frontstage, backstage, support, props, a custom lane).":
        "Een item in een baan van de blueprint (frontstage, backstage, support, props of "
        "een eigen baan).",
    "What happens, in a short sentence": "Wat er gebeurt, in een korte zin",
    "How sure you are: observed (seen in research), reported (customers or staff told "
    "you), assumed (your team's guess) or proposed (a change you suggest)":
        "Hoe zeker je het weet: observed (gezien in onderzoek), reported (klanten of "
        "medewerkers vertelden het), assumed (een aanname van het team) of proposed (een "
        "verandering die je voorstelt)",
    "Where the evidence comes from: a web address (http, https, mailto) or a short note":
        "Waar de onderbouwing vandaan komt: een webadres (http, https, mailto) of een "
        "korte notitie",
    "The team that answers for it; each team gets a page listing what it owns":
        "Het team dat ervoor verantwoordelijk is; elk team krijgt een pagina met alles wat "
        "het beheert",
    # KPI
    "A KPI: how you measure that customers get through the stage.":
        "Een KPI: hoe je meet dat klanten door de fase komen.",
    "The KPI's name; rows in content/data/*.csv match it by this name":
        "De naam van de KPI; regels in content/data/*.csv horen er via deze naam bij",
    "How you notice that a customer is in this stage":
        "Waaraan je merkt dat een klant in deze fase zit",
    "How and where it is measured: the tool and the figure":
        "Hoe en waar je het meet: de tool en het cijfer",
    "The value you aim for, as a number (in the KPI's unit)":
        "De waarde die je nastreeft, als getal in de eenheid van de KPI (met een punt als "
        "decimaalteken: 2.5)",
    "The value measured now; leave it out when content/data/*.csv has the measurements "
    "(this overrides their latest value)":
        "De huidige meetwaarde; laat weg als de metingen in content/data/*.csv staan (dit "
        "gaat voor hun laatste waarde)",
    "The unit shown after the numbers, in free text":
        "De eenheid achter de getallen, in vrije tekst",
    "Whether a higher or a lower value is better: higher (the default) or lower, e.g. for "
    "waiting time or cost":
        "Of hoger of lager beter is: higher (standaard) of lower, bijvoorbeeld voor "
        "wachttijd of kosten",
    # touchpoint
    "A touchpoint of a stage: written in full, or taken from the library with `ref:`.":
        "Een touchpoint van een fase: helemaal uitgeschreven, of uit de bibliotheek met "
        "`ref:`.",
    "What the customer meets, as shown on the map (required unless the touchpoint comes "
    "from the library with 'ref:')":
        "Waar de klant mee te maken krijgt, zoals het op de kaart staat (verplicht, behalve "
        "bij een touchpoint uit de bibliotheek met 'ref:')",
    "The channel, in your own words; website, search, ads, social, email, phone, chat, "
    "events, print, store, marketplace, referral, app, review, video and partner get an "
    "icon":
        "Het kanaal, in eigen woorden; website, search, ads, social, email, phone, chat, "
        "events, print, store, marketplace, referral, app, review, video en partner krijgen "
        "een icoon",
    "true for a touchpoint in the physical world (a visit, a letter, a shop)":
        "true voor een contactmoment in de fysieke wereld (een bezoek, een brief, een "
        "winkel)",
    "What happens at this touchpoint, in a sentence or two":
        "Wat er bij dit contactmoment gebeurt, in een of twee zinnen",
    "Ids of the touchpoints this one leads to, in any stage; pointing back to an earlier "
    "stage draws a loop":
        "De id's van de touchpoints waar dit contactmoment naartoe leidt, in welke fase "
        "ook; wijst het terug naar een eerdere fase, dan tekent de kaart een lus",
    "A short id, unique within the journey, that 'next:' can point to (lower-case "
    "letters, digits and '-')":
        "Een korte id, uniek binnen de klantreis, waar 'next:' naar kan verwijzen (kleine "
        "letters, cijfers en '-')",
    "Use a touchpoint from content/touchpoints.yml by its id; keys set here override the "
    "library's":
        "Gebruik een touchpoint uit content/touchpoints.yml, via de id; wat je hier "
        "invult, gaat voor wat in de bibliotheek staat",
    "Shared touchpoints by id (content/touchpoints.yml); a journey uses one with '- ref: "
    "<id>'":
        "Gedeelde touchpoints op id (content/touchpoints.yml); een klantreis gebruikt er "
        "een met '- ref: <id>'",
    "A shared touchpoint: journeys use it with `- ref: <its id>`.":
        "Een gedeeld touchpoint: klantreizen gebruiken het met `- ref: <id>`.",
    "What the customer meets, as shown on the map (required)":
        "Waar de klant mee te maken krijgt, zoals het op de kaart staat (verplicht)",
    # page
    "A free page (content/pages/<id>.md), such as about or method":
        "Een vrije pagina (content/pages/<id>.md), zoals 'over' of 'werkwijze'",
    "The page's title (default: its first heading, else the file name)":
        "De titel van de pagina (standaard: de eerste kop, anders de bestandsnaam)",
    "Position in the navigation: lower numbers come first":
        "Plek in de navigatie: lagere getallen komen eerst",
    "false: the page is built but not shown in the navigation":
        "false: de pagina wordt gebouwd, maar staat niet in de navigatie",
    "The page's text in Markdown (only in a .yml/.yaml page file)":
        "De tekst van de pagina in Markdown (alleen in een .yml/.yaml-bestand)",
}  # fmt: skip

EXAMPLES: dict[str, str] = {
    "Customer journeys of Shine Cleaning": "Klantreizen Glans Schoonmaak",
    "How offices become our customers": "Hoe kantoren bij ons klant worden",
    "https://shine.github.io/journeys/": "https://glans.github.io/klantreizen/",
    "legal services": "juridische dienstverlening",
    "Office manager at a law firm (42)": "Officemanager, advocatenkantoor (42)",
    "I just don't want to have to think about it.":
        "Ik wil er gewoon niet naar hoeven omkijken.",
    "A clean office without any hassle": "Schoon kantoor zonder gedoe",
    "A fixed price per month": "Vaste prijs per maand",
    "Cleaners who do not show up": "Schoonmakers die niet komen opdagen",
    "One point of contact": "Eén aanspreekpunt",
    "Arrange facility services alongside her own work":
        "Facilitaire zaken regelen naast haar eigen werk",
    "Businesslike and direct": "Zakelijk en direct",
    "Eva runs the office of a law firm with 30 staff.":
        "Eva regelt de facilitaire zaken van een advocatenkantoor met 30 medewerkers.",
    "Visitors from search engines": "Bezoekers via zoekmachines",
    "Lands on the website through a search": "Landt op de website via een zoekopdracht",
    "Google Analytics, sessions from organic search":
        "Google Analytics, sessies uit organisch zoeken",
    "customer service": "klantenservice",
    "Planner enters the quote in the CRM": "Planner zet de offerte in het CRM",
    "Interviews, March 2026": "Interviews, maart 2026",
    "Cannot find a price on the website": "Vindt nergens een prijs op de website",
    "Awareness": "Bewustwording",
    "Eva notices that the current cleaner falls short":
        "Eva merkt dat de huidige schoonmaker tekortschiet",
    "Find a reliable company": "Een betrouwbare partij vinden",
    'Searches Google for "office cleaning Utrecht"':
        'Zoekt "kantoorschoonmaak Utrecht" op Google',
    "Who can I trust?": "Wie is er betrouwbaar?",
    "All the companies look alike": "Veel aanbieders lijken op elkaar",
    "Show reviews from offices nearby": "Reviews van kantoren uit de buurt tonen",
    "Quote requests": "Offerteaanvragen",
    "Google Ads advertisement": "Google Ads-advertentie",
    "Adviser calls back within an hour": "Adviseur belt binnen een uur terug",
    "Rostering system": "Roosterplanner",
    "Quote PDF": "Offerte-pdf",
    "Order confirmation email": "Bestelbevestiging per e-mail",
    "Finance sends the invoice": "Administratie stuurt de factuur",
    "Contract signed": "Contract getekend",
    'Ad on the search "office cleaning Utrecht"':
        'Advertentie op "kantoorschoonmaak utrecht"',
    "From search to regular customer": "Van zoekopdracht tot vaste klant",
    "More quote requests from offices in Utrecht":
        "Meer offerteaanvragen van kantoren in Utrecht",
    "Visitors drop out on the quote page because the price is missing":
        "Bezoekers haken af op de offertepagina omdat de prijs ontbreekt",
    "Eva's firm has had three cleaning companies in two years.":
        "Eva's kantoor had in twee jaar drie schoonmaakbedrijven.",
    "Quote form on the website": "Offerteformulier op de website",
    "About this research": "Over dit onderzoek",
    "We interviewed twelve office managers in 2026.":
        "We spraken in 2026 twaalf officemanagers.",
}  # fmt: skip

# Free-text examples that read the same in Dutch: names of people and products.
KEPT = frozenset({"Eva de Vries", "HubSpot CRM"})


def translate(node: Any) -> Any:
    """`node` (a JSON Schema) with its descriptions and examples in Dutch."""
    if isinstance(node, list):
        return [translate(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == "description" and isinstance(value, str):
            result[key] = DESCRIPTIONS.get(value, value)
        elif key == "examples" and isinstance(value, list):
            result[key] = [_example(item) for item in value]
        elif key in ("properties", "$defs", "additionalProperties") or isinstance(
            value, dict | list
        ):
            result[key] = translate(value)
        else:
            result[key] = value
    return result


def _example(value: Any) -> Any:
    """An example in Dutch: its texts translated, its keys (ids and keys of the format) not."""
    if isinstance(value, str):
        return EXAMPLES.get(value, value)
    if isinstance(value, list):
        return [_example(item) for item in value]
    if isinstance(value, dict):
        return {key: _example(item) for key, item in value.items()}
    return value
