"""The level bar: one segment per level of the scale, filled up to the level reached.

Readable without colour: the number of filled segments (the bar's length) carries the
level, and the fill darkens as the level rises (greyscale luminance 207, 196, 149, 87).
"""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

# lowest risk -> highest risk; luminance strictly decreasing
PALETTE = (HexColor("#B7E1B0"), HexColor("#F6C343"), HexColor("#EF7D22"), HexColor("#C62828"))
OUTLINE = HexColor("#5F6368")
EMPTY = HexColor("#FFFFFF")


def colour_for(rank: int, steps: int):
    """Scales of 3 or 4 levels map onto the 4-colour palette (3-level: green, orange, red)."""
    if steps <= 1:
        return PALETTE[-1]
    index = round(rank * (len(PALETTE) - 1) / (steps - 1))
    return PALETTE[max(0, min(len(PALETTE) - 1, index))]


class LevelBar(Flowable):
    def __init__(self, rank: int, steps: int, segment: float = 16, height: float = 8, gap: float = 2,
                 slots: int = 4):
        super().__init__()
        self.rank, self.steps = rank, steps
        self.segment, self.bar_height, self.gap = segment, height, gap
        # Scales shorter than `slots` are stretched to the same full length.
        self.unit = (slots * segment + (slots - 1) * gap - (steps - 1) * gap) / steps
        self.width = slots * segment + (slots - 1) * gap
        self.height = height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        fill = colour_for(self.rank, self.steps)
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(OUTLINE)
        for index in range(self.steps):
            canvas.setFillColor(fill if index <= self.rank else EMPTY)
            x = index * (self.unit + self.gap)
            canvas.rect(x, 0, self.unit, self.bar_height, stroke=1, fill=1)
