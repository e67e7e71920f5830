"""The monthly chart of the report screen, drawn with QPainter (QtCharts is not in PySide6-Essentials).

Per month two bars: dossiers received, and dossiers resolved — on time (green) with the late ones (red) stacked on
top — so a leader sees at a glance whether the desk keeps up and how much of it is late. The months of the chosen
period are shaded. The numbers come from desk.report.monthly_series; nothing is counted here.
"""

from __future__ import annotations

from typing import Any

from ui.qt import QColor, QCoreApplication, QFont, QPainter, QPen, QRectF, QSize, Qt, QWidget

RECEIVED = QColor("#4f86c6")
ON_TIME = QColor("#3f9f4f")
LATE = QColor("#d64541")
GRID = QColor("#d9d9d9")
TEXT = QColor("#222222")
BAND = QColor("#fff8dc")


def nice_top(peak: int) -> tuple[int, int]:
    """The axis maximum and step: 1, 2 or 5 times a power of ten, four or five steps."""
    if peak <= 4:
        return 4, 1
    raw = peak / 4
    power = 10 ** (len(str(int(raw))) - 1)
    for m in (1, 2, 5, 10):
        step = m * power
        if step >= raw:
            break
    top = step * -(-peak // step)
    return int(top), int(step)


def grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class MonthlyChart(QWidget):
    """Received vs resolved on time vs late, per month of one year."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("monthlyChart")
        self.series: list[dict[str, Any]] = []
        self.year: int | None = None
        self.shaded: set[int] = set()
        self.setMinimumHeight(240)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(900, 300)

    def set_series(self, series: list[dict[str, Any]], year: int, shaded: set[int] | None = None) -> None:
        self.series = list(series)
        self.year = year
        self.shaded = set(shaded or ())
        totals = {k: sum(m[k] for m in self.series) for k in ("received", "on_time", "late")}
        self.setAccessibleName(
            QCoreApplication.translate("chart", "Năm {0}: tiếp nhận {1}, giải quyết đúng hạn {2}, quá hạn {3}").format(
                year, totals["received"], totals["on_time"], totals["late"]
            )
        )
        self.update()

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if not self.series:
            p.setPen(TEXT)
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                QCoreApplication.translate("chart", "Chưa có số liệu: lập báo cáo để xem biểu đồ."),
            )
            p.end()
            return
        base = QFont(self.font())
        fm = p.fontMetrics()
        line = fm.height()
        w, h = self.width(), self.height()
        totals = {k: sum(m[k] for m in self.series) for k in ("received", "on_time", "late")}

        # Title and legend (with the year's totals), on one line each.
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.15)
        p.setFont(title)
        p.setPen(TEXT)
        p.drawText(QRectF(10, 4, w - 20, line * 1.4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   QCoreApplication.translate("chart", "Năm {0}: hồ sơ tiếp nhận và giải quyết theo tháng").format(self.year))  # fmt: skip
        p.setFont(base)
        x = 10.0
        y = 6 + line * 1.5
        for colour, text in (
            (RECEIVED, QCoreApplication.translate("chart", "Tiếp nhận: {0}").format(grouped(totals["received"]))),
            (
                ON_TIME,
                QCoreApplication.translate("chart", "Giải quyết đúng hạn (gồm trước hạn): {0}").format(
                    grouped(totals["on_time"])
                ),
            ),
            (LATE, QCoreApplication.translate("chart", "Giải quyết quá hạn: {0}").format(grouped(totals["late"]))),
        ):
            p.fillRect(QRectF(x, y + 2, line - 4, line - 4), colour)
            x += line + 2
            p.drawText(QRectF(x, y, w, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += fm.horizontalAdvance(text) + 24

        # Plot area.
        peak = max(max(m["received"], m["on_time"] + m["late"]) for m in self.series)
        top, step = nice_top(peak)
        label_w = fm.horizontalAdvance(grouped(top)) + 10
        left, right = 10 + label_w, w - 12
        plot_top, plot_bottom = y + line * 1.8, h - line * 1.6
        plot_h = max(10.0, plot_bottom - plot_top)
        group_w = (right - left) / 12

        def y_of(v: float) -> float:
            return plot_bottom - plot_h * v / top

        for m in self.shaded if len(self.shaded) < 12 else ():  # the chosen months, unless the whole year
            p.fillRect(QRectF(left + (m - 1) * group_w, plot_top - line * 0.6, group_w, plot_bottom - plot_top
                              + line * 0.6), BAND)  # fmt: skip
        p.setPen(QPen(GRID, 1))
        for v in range(0, top + 1, step):
            yy = y_of(v)
            p.setPen(QPen(GRID, 1))
            p.drawLine(int(left), int(yy), int(right), int(yy))
            p.setPen(TEXT)
            p.drawText(QRectF(0, yy - line / 2, label_w + 4, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, grouped(v))  # fmt: skip
        bar_w = min(group_w * 0.36, line * 2.2)
        gap = group_w * 0.06
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        for i, m in enumerate(self.series):
            cx = left + group_w * (i + 0.5)
            xr = cx - gap / 2 - bar_w
            xs = cx + gap / 2
            # received
            p.fillRect(QRectF(xr, y_of(m["received"]), bar_w, plot_bottom - y_of(m["received"])), RECEIVED)
            # resolved: on time, late stacked on top
            on_top = y_of(m["on_time"])
            p.fillRect(QRectF(xs, on_top, bar_w, plot_bottom - on_top), ON_TIME)
            late_top = y_of(m["on_time"] + m["late"])
            if m["late"]:
                p.fillRect(QRectF(xs, late_top, bar_w, on_top - late_top), LATE)
            p.setFont(small)
            p.setPen(TEXT)
            sfm = p.fontMetrics()
            for value, xx, yy in ((m["received"], xr, y_of(m["received"])),
                                  (m["on_time"] + m["late"], xs, late_top)):  # fmt: skip
                if value:
                    text = grouped(value)
                    tw = sfm.horizontalAdvance(text)
                    p.drawText(QRectF(xx + bar_w / 2 - tw / 2 - 2, yy - sfm.height(), tw + 4, sfm.height()),
                               Qt.AlignmentFlag.AlignCenter, text)  # fmt: skip
            if m["late"]:
                p.setPen(LATE)
                text = grouped(m["late"])
                p.drawText(QRectF(xs + bar_w + 1, late_top - 2, group_w * 0.3, sfm.height()),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)  # fmt: skip
            p.setFont(base)
            p.setPen(TEXT)
            p.drawText(QRectF(left + group_w * i, plot_bottom + 2, group_w, line),
                       Qt.AlignmentFlag.AlignCenter, m.get("label") or f"T{m['month']}")  # fmt: skip
        p.setPen(QPen(TEXT, 1))
        p.drawLine(int(left), int(plot_bottom), int(right), int(plot_bottom))
        p.end()
