"""Municipalities' boundaries and populations from the shipped TopoJSON (knowledge/data/).

`finland-municipalities-hva-2021.topo.json`: Statistics Finland's municipal boundaries
(1:4.5 million) and populations at 31 December 2020 (CC BY 4.0, "Tilastokeskus"), converted to
TopoJSON as published by Yleisradio. A static file: each process reads it once, and every
process reads the same.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TOPOJSON = Path(__file__).resolve().parent / "data" / "finland-municipalities-hva-2021.topo.json"
POPULATION_YEAR = 2020  # the population is that at the end of this year
POPULATION_SOURCE = "Tilastokeskus"


@cache
def _topology() -> dict:
    return json.loads(TOPOJSON.read_text(encoding="utf-8"))


@cache
def populations() -> dict[str, int]:
    """{municipality code: residents at the end of 2020}."""
    return {
        g["properties"]["id"]: int(g["properties"]["population"])
        for g in _topology()["objects"]["munis"]["geometries"]
    }


@cache
def _arcs() -> list[list[tuple[float, float]]]:
    """Every arc in degrees (the quantised, delta-encoded arcs decoded)."""
    topology = _topology()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int]) -> list[tuple[float, float]]:
    arcs = _arcs()
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


@cache
def _rings() -> dict[str, list[list[tuple[float, float]]]]:
    """{municipality code: its rings (outer boundaries and holes) in degrees}."""
    found: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in _topology()["objects"]["munis"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        found[geometry["properties"]["id"]] = [
            _ring(ring) for polygon in polygons for ring in polygon
        ]
    return found


@dataclass(frozen=True)
class AreaMap:
    width: int
    height: int
    paths: dict[str, str]  # municipality code → SVG path data


@cache
def area_map(codes: tuple[str, ...], box: int = 560) -> AreaMap:
    """The municipalities' outlines fitted into a `box`-pixel square (a simple equirectangular
    projection at the area's middle latitude: true enough for one welfare area)."""
    rings = {code: _rings()[code] for code in codes if code in _rings()}
    points = [p for code_rings in rings.values() for ring in code_rings for p in ring]
    if not points:
        return AreaMap(box, 10, {})
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * squeeze or 1
    span_y = (max(lats) - min(lats)) or 1
    margin = 4
    scale = min((box - 2 * margin) / span_x, (box - 2 * margin) / span_y)
    width, height = round(span_x * scale + 2 * margin), round(span_y * scale + 2 * margin)

    def xy(lon: float, lat: float) -> str:
        x = margin + (lon - min(lons)) * squeeze * scale
        y = margin + (max(lats) - lat) * scale
        return f"{x:.1f},{y:.1f}"

    paths = {
        code: " ".join("M" + " L".join(xy(*p) for p in ring) + " Z" for ring in code_rings)
        for code, code_rings in rings.items()
    }
    return AreaMap(width, height, paths)
