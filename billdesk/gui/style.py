"""The app's style: the platform style with the sort arrow pointing the way the rows go.

QHeaderView paints an *ascending* sort with the style's "sort down" arrow (▼, an old
Windows convention); clerks read ▲ as A → Z / smallest first, as spreadsheets show it. This
proxy swaps the two arrows, so the arrow matches the order of the rows."""

from __future__ import annotations

from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOptionHeader


class SortArrows(QProxyStyle):
    def drawPrimitive(self, element, option, painter, widget=None):
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
                option, QStyleOptionHeader):
            opt = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, \
                QStyleOptionHeader.SortIndicator.SortDown
            if opt.sortIndicator == up:
                opt.sortIndicator = down
            elif opt.sortIndicator == down:
                opt.sortIndicator = up
            return super().drawPrimitive(element, opt, painter, widget)
        return super().drawPrimitive(element, option, painter, widget)
