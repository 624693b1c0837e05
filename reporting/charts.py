"""Bar charts drawn server-side as inline SVG: the geometry is computed here, the template only draws it."""

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 150
BAR_SPACE = 230
COLUMN_WIDTH = 40
COLUMN_SPACE = 140


def bar_chart(items: list[tuple]) -> dict:
    """Horizontal bars, one per (label, value) or (label, value, link to the bookings behind it), in order."""
    top = max((item[1] for item in items), default=0) or 1
    bars = [
        {
            "label": label,
            "value": value,
            "y": index * (BAR_HEIGHT + BAR_GAP),
            "text_y": index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT - 4,
            "width": round(BAR_SPACE * value / top),
            "value_x": LABEL_WIDTH + round(BAR_SPACE * value / top) + 4,
            "href": link[0] if link else "",
        }
        for index, (label, value, *link) in enumerate(items)
    ]
    return {
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "height": max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP),
        "width": LABEL_WIDTH + BAR_SPACE + 60,
    }


def column_chart(items: list[tuple]) -> dict:
    """Vertical columns (the months), labels underneath and values on top; a third item links to the bookings."""
    top = max((item[1] for item in items), default=0) or 1
    base = COLUMN_SPACE + 20
    columns = []
    for index, (label, value, *link) in enumerate(items):
        height = round(COLUMN_SPACE * value / top)
        x = index * COLUMN_WIDTH
        columns.append(
            {
                "label": label,
                "value": value,
                "x": x + 4,
                "center": x + COLUMN_WIDTH // 2,
                "y": base - height,
                "height": height,
                "value_y": base - height - 4,
                "href": link[0] if link else "",
            }
        )
    return {
        "columns": columns,
        "bar_width": COLUMN_WIDTH - 8,
        "label_y": base + 16,
        "height": base + 24,
        "width": max(len(items), 1) * COLUMN_WIDTH,
    }
