"""The report's map: events as points on a world outline, as inline SVG.

Country outlines come from the GeoJSON that the `countryinfo` package ships for every country
(the Natural Earth-derived world.geo.json outlines), read once per process, projected
equirectangularly (longitude, latitude as x, y) onto a MAP_WIDTH x MAP_HEIGHT canvas and
simplified (Douglas-Peucker, SIMPLIFY_PIXELS; rings smaller than MIN_RING_PIXELS dropped) so that
the whole outline is a few tens of kilobytes of path data. Nothing is fetched: no tiles, no script.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from countryinfo import CountryInfo

from pipeline.plover import QUAD_CLASSES

# Canvas of the map, in pixels: the whole world, 2 pixels per degree.
MAP_WIDTH = 720
MAP_HEIGHT = 360
# Outline points closer than this to the simplified line are dropped (Douglas-Peucker tolerance).
SIMPLIFY_PIXELS = 0.6
# A ring (island, exclave) whose bounding box is smaller than this on both sides is not drawn.
MIN_RING_PIXELS = 1.5
# Colour of each quad class's points: cooperation greens and blue, conflict orange and red.
QUAD_COLOURS = dict(zip(QUAD_CLASSES, ["#1b9e77", "#377eb8", "#ff7f00", "#d7191c"], strict=True))
POINT_RADIUS = 4.5

Point = tuple[float, float]


def project(latitude: float, longitude: float) -> Point:
    """Equirectangular projection onto the canvas (x grows east, y grows south)."""
    return (longitude + 180.0) / 360.0 * MAP_WIDTH, (90.0 - latitude) / 180.0 * MAP_HEIGHT


@functools.cache
def world_outline() -> str:
    """The SVG path data (`d`) of every country's outline, simplified; made once per process."""
    commands: list[str] = []
    for info in sorted(CountryInfo.all().values(), key=lambda country: str(country.get("name"))):
        for ring in _rings(info.get("geoJSON") or {}):
            points = _simplified([project(latitude, longitude) for longitude, latitude, *_ in ring])
            xs, ys = [x for x, _ in points], [y for _, y in points]
            if len(points) < 3 or (max(xs) - min(xs) < MIN_RING_PIXELS and max(ys) - min(ys) < MIN_RING_PIXELS):
                continue
            commands.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(commands)


def event_map(events: Iterable[Any]) -> str:
    """The map's SVG: the world outline and one point per event record with a latitude and longitude
    (fields event_id, latitude, longitude, quad_class, location_name, event_type, source_actor,
    target_actor), coloured by quad class, each linking to its event (#event-<id>)."""
    parts = [
        f'<svg class="event-map" xmlns="http://www.w3.org/2000/svg" width="{MAP_WIDTH}" height="{MAP_HEIGHT}" '
        f'viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img" aria-label="Events by where they happened">',
        f'<rect width="{MAP_WIDTH}" height="{MAP_HEIGHT}" fill="#eef4f8"/>',
        f'<path class="world-outline" d="{world_outline()}" fill="#dcdcd2" stroke="#9a9a90" stroke-width="0.4"/>',
    ]
    for event in events:
        x, y = project(float(event.latitude), float(event.longitude))
        target = f" → {event.target_actor}" if isinstance(event.target_actor, str) else ""
        tooltip = escape(f"{event.location_name}: {event.event_type}, {event.source_actor}{target}")
        quad = str(event.quad_class)
        parts.append(
            f'<a href="#event-{event.event_id}" data-event-id="{event.event_id}">'
            f'<circle class="map-point quad-{quad.replace(" ", "-")}" cx="{x:.1f}" cy="{y:.1f}" r="{POINT_RADIUS}" '
            f'fill="{QUAD_COLOURS[quad]}" stroke="#222" stroke-width="0.6" fill-opacity="0.85">'
            f"<title>{tooltip}</title></circle></a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def quad_legend(present: Iterable[str]) -> str:
    """The legend of the quad classes present, in QUAD_CLASSES order."""
    shown = set(present)
    items = [
        f'<span><span class="swatch" style="background:{QUAD_COLOURS[quad]}"></span> {quad}</span>'
        for quad in QUAD_CLASSES
        if quad in shown
    ]
    return '<div class="legend">' + "".join(items) + "</div>"


def _rings(geojson: dict[str, Any]) -> list[list[list[float]]]:
    """The outer rings of every polygon of a GeoJSON FeatureCollection (holes are not drawn)."""
    rings = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            rings.append(geometry["coordinates"][0])
        elif geometry.get("type") == "MultiPolygon":
            rings += [polygon[0] for polygon in geometry["coordinates"]]
    return rings


def _simplified(ring: Sequence[Point]) -> list[Point]:
    """A ring simplified: points within SIMPLIFY_PIXELS of the last one kept dropped first (cheap, and
    most of a detailed coast), then Douglas-Peucker on the rest (its first point kept), iteratively."""
    points = [ring[0]]
    for x, y in ring[1:]:
        if abs(x - points[-1][0]) + abs(y - points[-1][1]) > SIMPLIFY_PIXELS:
            points.append((x, y))
    if len(points) < 4:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = -1, SIMPLIFY_PIXELS
        for index in range(first + 1, last):
            px, py = points[index]
            # distance to the chord (to its first point when the ring closes on itself)
            away = abs(dy * (px - x1) - dx * (py - y1)) / length if length else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if away > distance:
                farthest, distance = index, away
        if farthest >= 0:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]
