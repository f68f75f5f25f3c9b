"""The report's look: paragraph styles in the CJK font, colours that survive a monochrome printer, and the
shapes a section is made of."""

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from hall.pdf.layout import BODY, MUTED, SMALL


def _style(name: str, size: float, **overrides) -> ParagraphStyle:
    """A style in the CJK font (inherited from BODY, with its CJK line breaking) at ``size``."""
    settings = {"fontSize": size, "leading": size * 1.5, "spaceAfter": 0} | overrides
    return ParagraphStyle(name, parent=BODY, **settings)


SECTION = _style("report-section", 13, spaceBefore=8, spaceAfter=4)
CHART_TITLE = _style("report-chart-title", 9.5, leading=13, spaceBefore=4, spaceAfter=1, textColor=MUTED)
TILE_LABEL = _style("report-tile-label", 9, leading=12, alignment=1, textColor=MUTED)
TILE_VALUE = _style("report-tile-value", 15, leading=19, alignment=1)
TILE_NOTE = _style("report-tile-note", 8, leading=10, alignment=1, textColor=MUTED)
NOTE = ParagraphStyle("report-note", parent=SMALL, spaceBefore=2, spaceAfter=2)

# Two blues far apart in lightness, so issued and served stay apart on a monochrome laser printer.
LIGHT_BLUE = colors.Color(0.66, 0.76, 0.88)
DARK_BLUE = colors.Color(0.15, 0.32, 0.56)
GREEN = colors.Color(0.18, 0.52, 0.3)
GRID_LINE = colors.Color(0.85, 0.85, 0.85)
LEVEL_COLOURS = {
    5: colors.Color(0.16, 0.48, 0.28),
    4: colors.Color(0.5, 0.73, 0.52),
    3: colors.Color(0.72, 0.72, 0.72),
    2: colors.Color(0.9, 0.6, 0.45),
    1: colors.Color(0.72, 0.22, 0.18),
}
OVERDUE_TEXT = colors.Color(0.7, 0.1, 0.1)

# A section is its heading, then flowables and blocks (lists of flowables printed on one page). The heading is
# kept with what follows it; nested KeepTogethers are avoided (one inside another reports an endless height).
Block = list[Flowable]
Section = list[Flowable | Block]
