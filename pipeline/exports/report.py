"""report.html: one self-contained page for reading a run's events.

Inline CSS and inline SVG only: no script, no font, image or style sheet fetched from anywhere, so
the page opens offline and from an e-mail attachment. Sections: a map (events where they
happened, coloured by quad class, on a world outline: pipeline.exports.world_map), a timeline chart
(date x source actor, coloured by PLOVER type, events touching a conflict outlined in red, disputed
ones dashed; an event dated to a period longer than a day, a month or a year say, is a bar over that
period), the most active actors, the conflicts, every event with links to its evidence sentences,
and those sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from html import escape
from typing import Any

import pandas as pd

from pipeline.exports.chunks import encoded_chunks
from pipeline.exports.event_flags import event_flags
from pipeline.exports.world_map import event_map, quad_legend
from pipeline.frames import records, records_by_batch
from pipeline.plover import PLOVER_TYPES
from schemas import timex3

# One colour per PLOVER type, in PLOVER_TYPES order (cooperation greens and blues, conflict reds).
TYPE_COLOURS = dict(
    zip(
        PLOVER_TYPES,
        [
            "#1b9e77",
            "#66a61e",
            "#4daf4a",
            "#a6d854",
            "#377eb8",
            "#80b1d3",
            "#8dd3c7",
            "#e6ab02",
            "#ff7f00",
            "#fdb462",
            "#e7298a",
            "#984ea3",
            "#a65628",
            "#7570b3",
            "#d95f02",
            "#b2182b",
        ],
        strict=True,
    )
)
# Chart geometry, in pixels.
_LABEL_WIDTH = 190
_PLOT_WIDTH = 760
_ROW_HEIGHT = 24
_AXIS_HEIGHT = 28
# How many actors the activity chart shows.
TOP_ACTORS = 10

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
svg text { font: 12px system-ui, sans-serif; fill: #333; }
.event-marker { stroke: #333; stroke-width: 0.5; opacity: 0.9; }
.event-marker.has-conflict { stroke: #d00; stroke-width: 3; }
.event-marker.is-disputed { stroke-dasharray: 3 2; stroke-width: 2; }
.legend { display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; font-size: 0.85em; margin: 0.5em 0; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #333; vertical-align: -0.1em; }
.event { border-left: 4px solid #ccc; padding: 0.2em 0.8em; margin: 0.8em 0; }
.event:target, .sentence:target { background: #fff6cc; }
.flag { color: #b00; font-weight: 600; font-size: 0.85em; }
.sentence { margin: 0.5em 0; } .muted { color: #666; font-size: 0.85em; }
"""


def report_html(tables: Mapping[str, pd.DataFrame]) -> Iterator[bytes]:
    """The report page for a run's tables (events, event_mentions, sentences, documents, conflicts,
    timeline): its UTF-8 bytes in chunks (pipeline.exports.chunks), each line encoded as it is made.
    Nothing is read of `tables` (each table once) before the first chunk is asked for."""
    return encoded_chunks(_page(tables))


def _page(tables: Mapping[str, pd.DataFrame]) -> Iterator[str]:
    """The page's text in pieces: its head, its lines one under the other, its end."""
    lines = _lines(tables)
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>News events report</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
    )
    yield next(lines)
    for line in lines:
        yield "\n" + line
    yield "\n</body>\n</html>\n"


def _lines(tables: Mapping[str, pd.DataFrame]) -> Iterator[str]:
    """The page's lines, made one at a time; each table let go of once no line still to come needs it
    (the events' lines are made from the timeline's rows)."""
    events = tables["events"]
    mentions = tables["event_mentions"]
    conflicts = tables["conflicts"]
    flags = {row.event_id: row for row in records(event_flags(events, mentions, conflicts))}
    ordered = tables["timeline"][["event_id"]].merge(events, on="event_id", how="left", validate="one_to_one")
    documents = tables["documents"]
    title_of = {row.doc_id: _title(row) for row in records(documents[["doc_id", "title", "source_name"]])}
    document_count = len(documents)
    del documents
    evidence = mentions.drop_duplicates(["event_id", "sentence_id"])
    del mentions
    cited = sorted(
        set(evidence["sentence_id"]) | set(conflicts["sentence_id_a"]) | set(conflicts["sentence_id_b"]),
        key=lambda sentence_id: (sentence_id.rsplit("-", 1)[0], sentence_id),
    )
    # only the sentences the page shows, and the columns it shows: every sentence of the corpus (or every
    # column) as records would not be small
    sentences = tables["sentences"]
    shown = sentences.loc[sentences["sentence_id"].isin(cited), ["sentence_id", "doc_id", "seq", "text"]]
    sentence_of = {row.sentence_id: row for row in records(shown)}
    del shown
    del sentences
    events_of_sentence: dict[str, list[str]] = {}
    sentences_of: dict[str, list[str]] = {}  # in event_mentions order
    for row in records(evidence):
        events_of_sentence.setdefault(row.sentence_id, []).append(row.event_id)
        sentences_of.setdefault(row.event_id, []).append(row.sentence_id)
    del evidence
    dated = sum(isinstance(value, str) for value in events["event_date"].tolist())
    yield "<h1>News events report</h1>"
    yield (
        f'<p class="muted">{len(events)} events ({dated} dated) from {document_count} documents; '
        f"{len(conflicts)} conflicts between sources.</p>"
    )
    yield (
        '<nav><a href="#map">Map</a> · <a href="#timeline">Timeline</a> · <a href="#actors">Actors</a>'
        ' · <a href="#conflicts">Conflicts</a> · <a href="#events">Events</a> · <a href="#evidence">Evidence</a></nav>'
    )
    yield '<section id="map"><h2>Map</h2>'
    yield from _map(ordered)
    yield "</section>"
    yield '<section id="timeline"><h2>Timeline</h2>'
    yield _legend(ordered)
    yield _timeline_chart(ordered, flags)
    yield f'<p class="muted">{len(events) - dated} undated event(s) are listed under Events, not charted.</p>'
    yield "</section>"
    yield '<section id="actors"><h2>Most active actors</h2>'
    yield _actor_chart(events)
    del events
    yield "</section>"
    yield '<section id="conflicts"><h2>Conflicts</h2>'
    yield _conflict_table(conflicts, title_of)
    del conflicts
    yield "</section>"
    yield '<section id="events"><h2>Events</h2>'
    for event in records_by_batch(ordered):
        yield _event_article(event, flags[event.event_id], sentences_of.get(event.event_id, []), sentence_of, title_of)
    del ordered, flags, sentences_of
    yield "</section>"
    yield '<section id="evidence"><h2>Evidence sentences</h2>'
    for sentence_id in cited:
        if sentence_id in sentence_of:
            yield _sentence(sentence_of[sentence_id], title_of, events_of_sentence.get(sentence_id, []))
    yield "</section>"


def _timeline_chart(events: pd.DataFrame, flags: dict[str, Any]) -> str:
    # the columns the chart shows, as records once: every event's every column would not be small
    rows = records(events[["event_id", "event_date", "event_type", "source_actor", "target_actor", "factuality"]])
    spans = {row.event_id: timex3.bounds(row.event_date) for row in rows}
    dated = [row for row in rows if spans[row.event_id] is not None]
    del rows
    if not dated:
        return '<p class="muted">No dated events.</p>'
    actors = [actor for actor, _ in Counter(row.source_actor for row in dated).most_common()]
    first = min(spans[row.event_id][0] for row in dated)  # type: ignore[index]
    last = max(spans[row.event_id][1] for row in dated)  # type: ignore[index]
    start, end = date(first.year, 1, 1), date(last.year, 12, 31)
    days = (end - start).days + 1

    def x(day: date) -> float:
        return _LABEL_WIDTH + (day - start).days / days * _PLOT_WIDTH

    height = _AXIS_HEIGHT + _ROW_HEIGHT * len(actors) + 8
    width = _LABEL_WIDTH + _PLOT_WIDTH + 10
    parts = [
        f'<svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Events by date and source actor">'
    ]
    step = max(1, (end.year - start.year + 1) // 10)
    for year in range(start.year, end.year + 1, step):
        tick = x(date(year, 1, 1))
        parts.append(
            f'<line class="axis-tick" x1="{tick:.1f}" y1="{_AXIS_HEIGHT - 6}" x2="{tick:.1f}" y2="{height}" '
            'stroke="#e3e3e3"/>'
            f'<text x="{tick + 3:.1f}" y="{_AXIS_HEIGHT - 10}">{year}</text>'
        )
    for index, actor in enumerate(actors):
        y = _AXIS_HEIGHT + index * _ROW_HEIGHT
        parts.append(
            f'<text class="actor-label" x="{_LABEL_WIDTH - 6}" y="{y + _ROW_HEIGHT / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(_short(actor, 24))}</text>'
        )
    for row in dated:
        low, high = spans[row.event_id]  # type: ignore[misc]
        flag = flags[row.event_id]
        classes = " ".join(
            ["event-marker", f"type-{row.event_type}"]
            + (["has-conflict"] if flag.has_conflict else [])
            + (["is-disputed"] if flag.is_disputed else [])
        )
        middle = _AXIS_HEIGHT + actors.index(row.source_actor) * _ROW_HEIGHT + _ROW_HEIGHT / 2
        colour = TYPE_COLOURS[row.event_type]
        target = f" → {row.target_actor}" if isinstance(row.target_actor, str) else ""
        tooltip = escape(f"{row.event_date} {row.event_type}: {row.source_actor}{target} ({row.factuality})")
        if low == high:
            shape = f'<circle class="{classes}" cx="{x(low):.1f}" cy="{middle:.1f}" r="6" fill="{colour}">'
        else:
            left, right = x(low), max(x(high), x(low) + 4.0)
            shape = (
                f'<rect class="{classes}" x="{left:.1f}" y="{middle - 5:.1f}" width="{right - left:.1f}" height="10" '
                f'rx="3" fill="{colour}" fill-opacity="0.55">'
            )
        tag = "circle" if low == high else "rect"
        link = f'<a href="#event-{row.event_id}" data-event-id="{row.event_id}">'
        parts.append(f"{link}{shape}<title>{tooltip}</title></{tag}></a>")
    parts.append("</svg>")
    return "".join(parts)


def _map(events: pd.DataFrame) -> Iterator[str]:
    """The map section's lines: legend, the map of the events with coordinates, what is not drawn."""
    columns = ["event_id", "latitude", "longitude", "quad_class", "location_name", "event_type", "source_actor",
               "target_actor"]  # fmt: skip
    placed = events.loc[events["latitude"].notna() & events["longitude"].notna(), columns]
    yield quad_legend(placed["quad_class"].tolist())
    yield event_map(records(placed))
    located = int((events["location_basis"] != "none").sum())
    yield (
        f'<p class="muted">{len(placed)} event(s) drawn where they happened; {located - len(placed)} located in a '
        f"division without coordinates and {len(events) - located} without a known place are listed under Events.</p>"
    )


def _legend(events: pd.DataFrame) -> str:
    types = set(events["event_type"].tolist())
    present = [kind for kind in PLOVER_TYPES if kind in types]
    items = [
        f'<span><span class="swatch" style="background:{TYPE_COLOURS[kind]}"></span> {kind}</span>' for kind in present
    ]
    items += [
        '<span><span class="swatch" style="border:3px solid #d00"></span> reported in a conflicting sentence</span>',
        '<span><span class="swatch" style="border:2px dashed #333"></span> reports disagree on date or factuality'
        "</span>",
        "<span>bar: dated only to a period longer than a day (week, month, year ...)</span>",
    ]
    return '<div class="legend">' + "".join(items) + "</div>"


def _actor_chart(events: pd.DataFrame) -> str:
    targets = [actor for actor in events["target_actor"].tolist() if isinstance(actor, str)]
    counts = Counter(events["source_actor"].tolist() + targets)
    top = counts.most_common(TOP_ACTORS)
    if not top:
        return '<p class="muted">No events.</p>'
    most = top[0][1]
    width = _LABEL_WIDTH + 420
    height = len(top) * _ROW_HEIGHT + 4
    parts = [
        f'<svg class="actor-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Events per actor, as source or target">'
    ]
    for index, (actor, count) in enumerate(top):
        y = index * _ROW_HEIGHT + 2
        bar = count / most * 380
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(_short(actor, 24))}</text>'
            f'<rect class="actor-bar" x="{_LABEL_WIDTH}" y="{y + 3}" width="{bar:.1f}" height="{_ROW_HEIGHT - 8}" '
            f'fill="#5b7fb3"><title>{escape(actor)}: {count} events</title></rect>'
            f'<text x="{_LABEL_WIDTH + bar + 5:.1f}" y="{y + 15}">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _conflict_table(conflicts: pd.DataFrame, title_of: dict[str, str]) -> str:
    if conflicts.empty:
        return '<p class="muted">No conflicts between sources.</p>'
    rows = [
        "<tr>"
        f"<td>{escape(row.kind)}</td><td>{escape(row.subject)}</td>"
        f'<td>{escape(row.value_a)}<br><a href="#sentence-{row.sentence_id_a}">{escape(title_of.get(row.doc_id_a, ""))}'
        "</a></td>"
        f'<td>{escape(row.value_b)}<br><a href="#sentence-{row.sentence_id_b}">{escape(title_of.get(row.doc_id_b, ""))}'
        "</a></td></tr>"
        for row in records(conflicts)
    ]
    return (
        '<table class="conflicts"><thead><tr><th>kind</th><th>about</th><th>one source says</th>'
        "<th>another says</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _event_article(
    event: Any, flag: Any, sentence_ids: list[str], sentence_of: dict[str, Any], title_of: dict[str, str]
) -> str:
    target = f" → {escape(event.target_actor)}" if isinstance(event.target_actor, str) else ""
    mode = f" ({escape(event.mode)})" if isinstance(event.mode, str) and event.mode else ""
    when = escape(event.event_date) if isinstance(event.event_date, str) else "undated"
    badges = (' <span class="flag">conflict</span>' if flag.has_conflict else "") + (
        f' <span class="flag">disputed: {escape(flag.disputed)}</span>' if flag.is_disputed else ""
    )
    links = []
    for sentence_id in dict.fromkeys(sentence_ids):
        sentence = sentence_of.get(sentence_id)
        if sentence is None:
            continue
        links.append(
            f'<li><a class="evidence-link" href="#sentence-{sentence_id}">{escape(title_of.get(sentence.doc_id, ""))}, '
            f"sentence {int(sentence.seq)}</a>: {escape(sentence.text)}</li>"
        )
    return (
        f'<article class="event" id="event-{event.event_id}" '
        f'style="border-left-color:{TYPE_COLOURS[event.event_type]}">'
        f"<h3>{when} · {escape(event.event_type)}{mode}: {escape(event.source_actor)}{target}{badges}</h3>"
        f'<p class="muted">{escape(event.factuality)}; {int(event.num_sources)} source(s), '
        f"{int(event.num_articles)} article(s); id {event.event_id}</p>"
        f'<p class="muted">{_where_and_how_hard(event)}</p>'
        f"<ul>{''.join(links)}</ul></article>"
    )


def _where_and_how_hard(event: Any) -> str:
    """'where: Kabul, AFG (clause) · material conflict, intensity -10.0' for an event's article."""
    if isinstance(event.location_name, str):
        country = f", {event.location_country}" if isinstance(event.location_country, str) else ""
        where = f"where: {escape(event.location_name)}{country} ({escape(event.location_basis)})"
    else:
        where = "where: unknown"
    scored = (
        f"intensity {event.intensity:+.1f}"
        if event.intensity == event.intensity
        else f"not scored ({escape(event.intensity_basis)})"
    )
    return f"{where} · {escape(event.quad_class)}, {scored}"


def _sentence(sentence: Any, title_of: dict[str, str], event_ids: list[str]) -> str:
    back = " ".join(f'<a href="#event-{event_id}">event {event_id[:8]}</a>' for event_id in event_ids)
    return (
        f'<p class="sentence" id="sentence-{sentence.sentence_id}">{escape(sentence.text)}<br>'
        f'<span class="muted">{escape(title_of.get(sentence.doc_id, ""))}, sentence {int(sentence.seq)}. {back}'
        "</span></p>"
    )


def _title(document: Any) -> str:
    return document.title if isinstance(document.title, str) else document.source_name


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
