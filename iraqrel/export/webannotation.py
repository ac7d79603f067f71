"""W3C Web Annotations (JSON-LD): one annotation per quote, anchored in its source's text.

Each target names its source by the sha256 of its bytes, as an RFC 6920 `ni:` IRI, and
selects the quote twice: by its exact words with the words around it (TextQuoteSelector) and
by its offsets (TextPositionSelector). Offsets count Unicode code points, as the W3C model
and Python do; JavaScript strings count UTF-16 code units, which differ past U+FFFF.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from iraqrel import __version__
from iraqrel.records import Actor, Exclusion, Loaded, Quote, Relationship

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"schema": "http://schema.org/"}]
AROUND = 32  # characters of prefix and suffix
Json = dict[str, Any]


def ni_iri(sha256_hex: str) -> str:
    """The RFC 6920 name of bytes whose sha256 is `sha256_hex`: base64url, no padding."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256_hex)).rstrip(b"=").decode()
    return f"ni:///sha-256;{digest}"


def _body(purpose: str, value: str) -> Json:
    return {"type": "TextualBody", "purpose": purpose, "value": value}


def _relationship_body(loaded: Loaded, rel: Relationship) -> list[Json]:
    entity, actor = loaded.entities[rel.entity].name, loaded.actors[rel.actor].name
    said = f"{entity} and {actor}, {rel.period} ({rel.when}): {rel.summary}"
    rules = [_body("tagging", rule) for rule in rel.rules]
    return [
        _body("identifying", rel.id),
        _body("classifying", rel.stance),
        *rules,
        _body("describing", said),
    ]


def _mention_body(mention: Exclusion) -> list[Json]:
    return [
        _body("identifying", mention.record_id),
        _body("classifying", "mentioned, no relationship"),
        _body("describing", f"{mention.name}: {mention.reason}"),
    ]


def _actor_body(actor: Actor) -> list[Json]:
    return [
        _body("identifying", actor.id),
        _body("describing", f"{actor.name}: {actor.description}"),
    ]


def annotation(quote: Quote, body: list[Json], text: str, source_iri: str) -> Json:
    return {
        "id": f"#{quote.id}",
        "type": "Annotation",
        "motivation": "classifying",
        "body": body,
        "target": {
            "source": source_iri,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": quote.quote,
                    "prefix": text[max(0, quote.start - AROUND) : quote.start],
                    "suffix": text[quote.end : quote.end + AROUND],
                },
                {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
            ],
        },
    }


def _quoted(loaded: Loaded) -> Iterator[tuple[Quote, list[Json]]]:
    for actor in loaded.data.actors:
        yield from ((q, _actor_body(actor)) for q in actor.evidence)
    for rel in loaded.data.relationships:
        body = _relationship_body(loaded, rel)
        yield from ((q, body) for q in rel.evidence)
    for mention in loaded.data.exclusions:
        yield from ((q, _mention_body(mention)) for q in mention.evidence)


def collection(loaded: Loaded, texts: dict[str, str]) -> Json:
    """Every quote as an annotation, in one AnnotationCollection that states the data version.

    `texts` holds each source's text, checked against its sha256 by the caller.
    """
    iris = {s.id: ni_iri(s.sha256) for s in loaded.data.sources}
    items = [annotation(q, body, texts[q.source], iris[q.source]) for q, body in _quoted(loaded)]
    version = loaded.data.data_version
    return {
        "@context": CONTEXT,
        "id": "#iraqrel",
        "type": "AnnotationCollection",
        "label": f"iraqrel data {version}: every quote, with the record it backs",
        "schema:version": version,
        "generator": {"type": "Software", "name": f"iraqrel {__version__}"},
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
