"""The sources answer, a bibliography: each source, how it is dated and cited, and the
reference an envelope or an export carries."""

from __future__ import annotations

import msgspec

from iraqrel.output.cells import DATE_KEYS, date_text
from iraqrel.output.report import Field, Json, Report, aligned, columns_of, lines, names_of
from iraqrel.queries.answers import Sources, SourceSummary
from iraqrel.records import Citation, Dating, Loaded, Segment, Source


def date_json(date: Dating) -> Json:
    return {
        "value": date.value,
        "precision": date.precision,
        "method": date.method,
        "evidence": date.evidence,
    }


def how_dated(date: Dating) -> str:
    """How a date was determined, and why: "inferred: <the reasoning>"."""
    return f"{date.method}: {date.evidence}"


def _segments_json(s: SourceSummary) -> list[Json]:
    return [
        {
            "id": seg.id,
            "start": seg.start,
            "end": seg.end,
            "origin": seg.origin,
            "date": date_json(seg.date),
            "citation": msgspec.to_builtins(seg.citation),
        }
        for seg in s.source.segments
    ]


def citation_line(ident: str, title: str, date: Dating, language: str, cited: Citation) -> str:
    """A citation in one line, every field said, "not stated" where the document is silent."""
    return (
        f"{ident}: {cited.author} (author); {title}; {cited.publisher} (publisher); "
        f"{date_text(date.value)} ({date.method}); URL {cited.url}; retrieved "
        f"{cited.retrieved}; language {language}; translation: {cited.translation}"
    )


def citation_lines(source: Source) -> list[str]:
    """The source's citation, and each segment's that states more of itself."""
    title = f"“{source.title}”"
    lines = [citation_line(source.id, title, source.date, source.language, source.citation)]
    lines += [
        citation_line(g.id, f"title not stated ({g.origin})", g.date, source.language, g.citation)
        for g in source.segments
        if g.citation is not None
    ]
    return lines


def source_reference(source: Source) -> Json:
    """A source as an envelope names it: id, title, hash, date, language and citation."""
    return {
        "id": source.id,
        "title": source.title,
        "sha256": source.sha256,
        "date": date_json(source.date),
        "language": source.language,
        "citation": msgspec.to_builtins(source.citation),
    }


def envelope_head(loaded: Loaded, query: Json) -> Json:
    """What `--envelope` puts around an answer: the data version, the sources, the query."""
    return {
        "data_version": loaded.data.data_version,
        "sources": [source_reference(s) for s in loaded.data.sources],
        "query": query,
    }


_SOURCE_ID: Field[SourceSummary] = Field(header="id", key="id", value=lambda s: s.source.id)
_ORIGIN: Field[SourceSummary] = Field(
    header="origin", key="origin", value=lambda s: s.source.origin, grow=True
)
_DATE: Field[SourceSummary] = Field(
    header="date",
    key="date",
    value=lambda s: date_json(s.source.date),
    cell=lambda s: date_text(s.source.date.value),
    keys=DATE_KEYS,
)
_HOW_DATED: Field[SourceSummary] = Field(
    header="how dated", cell=lambda s: how_dated(s.source.date), grow=True
)
_RANGE: Field[SourceSummary] = Field(header="range")  # a source is all of its text
# each source, then its segments in the same columns
SOURCE_ROW: tuple[Field[SourceSummary], ...] = (
    _SOURCE_ID,
    Field(key="file", value=lambda s: s.source.file),
    Field(header="title", key="title", value=lambda s: s.source.title, grow=True),
    _ORIGIN,
    Field(key="language", value=lambda s: s.source.language),
    Field(
        key="citation",
        value=lambda s: msgspec.to_builtins(s.source.citation),
        keys=Citation.__struct_fields__,
    ),
    _DATE,
    _HOW_DATED,
    _RANGE,
    Field(
        key="segments",
        value=_segments_json,
        keys=("id", "start", "end", "origin", *(f"date.{k}" for k in DATE_KEYS)),
    ),
    Field(header="quotes", key="quotes", value=lambda s: s.quotes),
    Field(header="sha256", key="sha256", value=lambda s: s.source.sha256, prefix=12),
    Field(key="notes", value=lambda s: s.source.notes),
)
SEGMENT_ROW: tuple[Field[Segment], ...] = aligned(  # its JSON is inside its source's
    SOURCE_ROW,
    {
        _SOURCE_ID: lambda g: g.id,
        _ORIGIN: lambda g: g.origin,
        _DATE: lambda g: date_text(g.date.value),
        _HOW_DATED: lambda g: how_dated(g.date),
        _RANGE: lambda g: f"{g.start}-{g.end}",
    },
)
SOURCE_FIELDS = (
    "id",
    "title",
    "origin",
    "date.value",
    "date.method",
    "date.evidence",
    "quotes",
    "sha256",
    "file",
    "language",
    "date.precision",
    "notes",
    *(f"segments.{k}" for k in ("id", "start", "end", "origin")),
    *(f"segments.date.{k}" for k in DATE_KEYS),
    *(f"citation.{k}" for k in Citation.__struct_fields__),
)


def sources(answer: Sources) -> Report:
    """Each source document, and under it each of its segments; JSON nests the segments.
    The title gives the data version and how to cite each source."""
    rows = [
        line
        for s in answer.rows
        for line in ((SOURCE_ROW, s), *lines(SEGMENT_ROW, s.source.segments))
    ]
    title = [f"iraqrel data {answer.data_version}; cite the sources as:"]
    title += [line for s in answer.rows for line in citation_lines(s.source)]
    return Report(
        columns=columns_of(SOURCE_ROW),
        lines=tuple(rows),
        title="\n".join(title),
        names=names_of(SOURCE_ROW),
        fields=SOURCE_FIELDS,
    )
