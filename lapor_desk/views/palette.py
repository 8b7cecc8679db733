"""Colours of the desk, named once: deadline states, status and chart colours, text and chips.

Every view takes its colours from here (hex strings for style sheets and HTML, `qcolor()` for
painting), so "late" is the same red in the queue, the deadline overview and the report, and the
dashboard's bars match the printed recap's. The meanings are described in docs/desk-ui.md.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# -- deadlines (queue, report view, deadline overview) ------------------------------------------
DEADLINE_OK = "#276749"
DEADLINE_SOON = "#975a16"
DEADLINE_LATE = "#c53030"
DEADLINE_NONE = "#718096"
DEADLINE_SOON_BG = "#fefcbf"
DEADLINE_LATE_BG = "#fed7d7"
DEADLINE_SOON_CHIP_BG = "#fffff0"

# -- text ---------------------------------------------------------------------------------------
INK = "#1a1a1a"
TEXT_MUTED = "#718096"
TEXT_SECONDARY = "#4a5568"
TEXT_ERROR = "#9b2c2c"
#: how the reporter is reached (the composer's line under the answer box)
TEXT_REACH = "#2c5282"
PRINT_MUTED = "#616161"
PRINT_RULE = "#bdbdbd"

# -- charts (dashboard on screen, recap on paper) -------------------------------------------------
CHART_BAR = "#3182bd"
CHART_DONE = "#31a354"
CHART_LATE = "#e6550d"
CHART_NEUTRAL = "#9e9e9e"
STATUS_COLOURS = {
    "unverified": "#9ecae1",
    "verified": "#6baed6",
    "dispatched": "#fd8d3c",
    "in_progress": "#fdae6b",
    "postponed": "#bcbddc",
    "completed": CHART_DONE,
    "archived": "#bdbdbd",
}

# -- the distrik map --------------------------------------------------------------------------
MAP_VOLUME = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
MAP_OVERDUE = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
#: higher is better (the centre's compliance and satisfaction): ColorBrewer YlGnBu, safe for
#: colour-blind readers like the two above
MAP_GOOD = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
MAP_NO_DATA = "#eeeeee"
#: the hatching over a region that sent nothing for the months shown (the centre's map)
MAP_HATCH = "#b0b0b0"
MAP_REGION_OUTLINE = "#8c8c8c"
#: a distrik with 0 reports: a value, not missing data
MAP_ZERO = "#f7fbff"
MAP_OUTLINE = "#ffffff"
MAP_SELECTED = "#222222"
MAP_LEGEND_LINE = "#9e9e9e"
MAP_LEGEND_TEXT = "#757575"

# -- timeline entries and compose boxes: (background, accent) -----------------------------------
PUBLIC = ("#ebf4ff", "#2b6cb0")
INTERNAL = ("#fffaeb", "#b7791f")
INTERNAL_ENTRY = ("#fffaeb", "#d69e2e")
REPORTER = ("#e6fffa", "#2c7a7b")
SYSTEM = ("#f7fafc", "#a0aec0")
PREVIEW_BG = PUBLIC[0]
#: the reporter's own lines in the conversation view (the rest use SYSTEM's background)
CONVERSATION_REPORTER = "#ebf8ff"
#: the banner of an open report that has left the desk: (background, text, border)
DEPARTURE = ("#fffaeb", "#744210", "#d69e2e")

# -- chips in the report header: (text, background) --------------------------------------------
CHIP_STATUS = ("#2d3748", "#edf2f7")
CHIP_ANONYMOUS = ("#553c9a", "#faf5ff")
CHIP_SECRET = ("#9b2c2c", "#fff5f5")


def qcolor(hex_colour: str) -> QColor:
    """A QColor for painting."""
    return QColor(hex_colour)
