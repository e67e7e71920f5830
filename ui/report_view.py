"""The report screen (issue #8): Biểu số II.06a for a month, a quarter, a year or any period; the 13-column table
as the template draws it; export to Excel and PDF; the monthly chart.

Everything counted is desk.report's (compute_report, monthly_series) in a worker of its own (its own connection:
a year's report never delays the counter); the files are printing's (build_report_xlsx, build_report_pdf), built
and written atomically in the pdf worker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desk import timeutil
from desk.errors import InvalidInput
from ui import screen
from ui.chart import MonthlyChart
from ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QComboBox,
    QDate,
    QDateEdit,
    QFileDialog,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op

HEAD_BRUSH = QBrush(QColor("#e9eef6"))
TOTAL_BRUSH = QBrush(QColor("#f3f3f3"))
ROMAN = ("I", "II", "III", "IV")


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class ReportWidget(QWidget):
    """Period picker, the table, the chart, and the export buttons."""

    report_shown = Signal(object)  # desk.report.Report
    exported = Signal(str)  # the file written

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportView")
        self.session = session
        self.report: Any = None
        self.series: list[dict] = []
        today = timeutil.now().date()

        self.kind = QComboBox()
        self.kind.setObjectName("periodKind")
        for label, key in ((self.tr("Tháng"), "month"), (self.tr("Quý"), "quarter"), (self.tr("Năm"), "year"),
                           (self.tr("Từ ngày … đến ngày …"), "custom")):  # fmt: skip
            self.kind.addItem(label, key)
        self.month = QComboBox()
        self.month.setObjectName("periodMonth")
        for m in range(1, 13):
            self.month.addItem(self.tr("Tháng {0}").format(m), m)
        self.month.setCurrentIndex(today.month - 1)
        self.quarter = QComboBox()
        self.quarter.setObjectName("periodQuarter")
        for q in range(1, 5):
            self.quarter.addItem(self.tr("Quý {0}").format(ROMAN[q - 1]), q)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.year = QSpinBox()
        self.year.setObjectName("periodYear")
        self.year.setRange(2000, 2200)
        self.year.setValue(today.year)
        self.date_from = QDateEdit(_qdate(today.replace(day=1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, "periodFrom"), (self.date_to, "periodTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.which = QStackedWidget()  # month / quarter / nothing / from–to
        self.which.addWidget(self.month)
        self.which.addWidget(self.quarter)
        self.which.addWidget(QWidget())
        custom = QWidget()
        row = QHBoxLayout(custom)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("từ")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(self.tr("đến")))
        row.addWidget(self.date_to)
        self.which.addWidget(custom)
        self.which.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind.currentIndexChanged.connect(self.on_kind_changed)
        self.make_button = QPushButton(self.tr("&Lập báo cáo (Enter)"))
        self.make_button.setObjectName("makeReport")
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.make)
        self.xlsx_button = QPushButton(self.tr("Xuất &Excel… (Ctrl+E)"))
        self.xlsx_button.setObjectName("exportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.on_export_clicked("xlsx"))
        self.pdf_button = QPushButton(self.tr("Xuất &PDF… (Ctrl+Shift+E)"))
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(lambda: self.on_export_clicked("pdf"))
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(False)
        kind_label = QLabel(self.tr("&Kỳ báo cáo:"))
        kind_label.setBuddy(self.kind)
        year_label = QLabel(self.tr("nă&m"))
        year_label.setBuddy(self.year)
        bar = QHBoxLayout()
        for w in (kind_label, self.kind, self.which, year_label, self.year, self.make_button):
            bar.addWidget(w)
        bar.addStretch(1)
        from ui.attachments import add_digitisation_button  # the digitisation rate beside II.06a (issue 19)

        add_digitisation_button(self, bar)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.pdf_button)

        self.heading = QLabel(self.tr("Biểu số II.06a — chọn kỳ báo cáo rồi nhấn «Lập báo cáo»."))
        self.heading.setObjectName("reportHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 13)
        self.table.setObjectName("reportTable")
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.extra = QLabel()
        self.extra.setObjectName("reportExtra")
        self.extra.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("reportNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #555; font-size: 9pt;")
        self.chart = MonthlyChart()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.extra)
        top_layout.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(screen.scrolled(self, min_height=420))
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        for seq, slot in (
            ("Ctrl+E", lambda: self.on_export_clicked("xlsx")),
            ("Ctrl+Shift+E", lambda: self.on_export_clicked("pdf")),
            ("Return", self.make),
            ("Enter", self.make),
        ):
            sc = QShortcut(QKeySequence(seq), self, activated=slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.kind)
        self.on_kind_changed(0)

    def on_kind_changed(self, _index: int) -> None:
        kind = self.kind.currentData()
        self.which.setCurrentIndex(("month", "quarter", "year", "custom").index(kind))
        self.year.setEnabled(kind != "custom")

    def period(self) -> tuple[str, int, int, dt.date, dt.date]:
        """(kind, year, month or quarter, from, to) as chosen (the core checks and computes the dates)."""
        return (self.kind.currentData(), self.year.value(), self.month.currentData(),
                _pydate(self.date_from.date()), _pydate(self.date_to.date()))  # fmt: skip

    # -- making the report -------------------------------------------------------------------------

    def make(self) -> Op:
        kind, year, month, start, end = self.period()
        quarter = self.quarter.currentData()

        def work(ctx: Any) -> tuple[Any, list[dict]]:
            from desk import report as rp

            if kind == "month":
                f, t = rp.month_period(year, month)
            elif kind == "quarter":
                f, t = rp.quarter_period(year, quarter)
            elif kind == "year":
                f, t = rp.year_period(year)
            else:
                f, t = rp.check_period(start, end)
            made = rp.compute_report(ctx.desk, f, t)
            return made, rp.monthly_series(ctx.desk, f.year)

        self.make_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Đang lập báo cáo…"))
        return Op(self.session.reports, work, self).success(self.on_report_made).failure(self.on_failed).run()

    def on_failed(self, exc: BaseException) -> None:
        self.make_button.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText("\n".join(exc.errors))
            return
        from ui.errors import show_error

        self.status.clear()
        show_error(exc, self)

    def on_report_made(self, result: tuple[Any, list[dict]]) -> None:
        from desk.report import COLUMN_TITLES, EXTRA, HEADER, HEADER_ROWS, NUMBER_ROW, NUMERIC

        self.make_button.setEnabled(True)
        self.report, self.series = result
        r = self.report
        self.heading.setText(self.tr("Biểu số II.06a — {0} ({1}) — {2}").format(
            r.period_label, r.period_range, r.reporting_unit))  # fmt: skip
        t = self.table
        rows = r.all_rows()
        first_data = HEADER_ROWS + 1
        t.clearSpans()
        t.setRowCount(first_data + len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for cell in HEADER:
            item = QTableWidgetItem(cell.text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setBackground(HEAD_BRUSH)
            item.setFont(bold)
            if cell.col >= 3 and cell.colspan == 1:
                item.setToolTip(COLUMN_TITLES[NUMERIC[cell.col - 3]])
            t.setItem(cell.row - 1, cell.col - 1, item)
            if cell.rowspan > 1 or cell.colspan > 1:
                t.setSpan(cell.row - 1, cell.col - 1, cell.rowspan, cell.colspan)
        for c, text in enumerate(NUMBER_ROW):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setBackground(HEAD_BRUSH)
            t.setItem(HEADER_ROWS, c, item)
        for i, row in enumerate(rows):
            total = row.stt is None
            for c, value in enumerate(row.cells()):
                text = f"{value:,}".replace(",", ".") if isinstance(value, int) and c >= 2 else str(value)
                item = QTableWidgetItem(text)
                if c >= 2 or c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                                          if c >= 2 else Qt.AlignmentFlag.AlignCenter)  # fmt: skip
                if c >= 2:
                    item.setToolTip(COLUMN_TITLES[NUMERIC[c - 2]])
                if total:
                    item.setFont(bold)
                    item.setBackground(TOTAL_BRUSH)
                if c == 12 and value:  # overdue in progress: the number a leader acts on
                    item.setForeground(QBrush(QColor("#b00020")))
                t.setItem(first_data + i, c, item)
        h = t.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        em = self.fontMetrics().horizontalAdvance("0")
        t.setColumnWidth(0, em * 5)
        for c in range(2, 13):
            t.setColumnWidth(c, em * 10)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        t.resizeRowsToContents()
        tot = r.total
        extras = dict(zip(EXTRA, tot.extras(), strict=True))
        self.extra.setText(
            self.tr("Ngoài biểu: quá hạn so với hẹn ban đầu, đã có văn bản xin lỗi và hẹn lại: {0} · từ chối: {1} · "
                    "công dân rút: {2} · dừng giải quyết: {3}.").format(
                extras["late_original_apology"], extras["refused"], extras["withdrawn"], extras["stopped"])
        )  # fmt: skip
        self.notes.setText("\n".join(r.notes))
        months = set()
        if r.date_from.year == r.date_to.year:
            months = set(range(r.date_from.month, r.date_to.month + 1))
        self.chart.set_series(self.series, r.date_from.year, months)
        for b in (self.xlsx_button, self.pdf_button):
            b.setEnabled(True)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Lập lúc {0}.").format(r.generated_at.strftime("%H:%M %d/%m/%Y")))
        self.report_shown.emit(r)

    # -- exporting ---------------------------------------------------------------------------------

    def suggested_name(self, kind: str) -> str:
        r = self.report
        return f"Bao-cao-II06a-{r.date_from:%Y%m%d}-{r.date_to:%Y%m%d}.{kind}"

    def on_export_clicked(self, kind: str) -> None:
        if self.report is None:
            return
        caption = self.tr("Xuất báo cáo ra Excel") if kind == "xlsx" else self.tr("Xuất báo cáo ra PDF")
        pattern = self.tr("Bảng tính Excel (*.xlsx)") if kind == "xlsx" else self.tr("Tệp PDF (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, caption, str(Path.home() / self.suggested_name(kind)), pattern)
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.export(Path(path), kind)

    def export(self, path: Path, kind: str) -> Op:
        """Build the file (printing) and write it atomically, in the pdf worker."""
        report, series = self.report, self.series
        header = self.session.info.for_print() if self.session.info else {}

        def work(_ctx: Any) -> Path:
            from printing import write_atomic

            if kind == "xlsx":
                from printing.report_xlsx import build_report_xlsx

                data = build_report_xlsx(report, header)
            else:
                from printing.report import build_report_pdf

                data = build_report_pdf(report, header, series=series)
            return write_atomic(path, data)

        def done(written: Path) -> None:
            self.status.setStyleSheet("color: #1b6e20;")
            self.status.setText(self.tr("Đã lưu {0}").format(written))
            self.exported.emit(str(written))

        self.status.setText(self.tr("Đang xuất…"))
        return Op(self.session.pdf, work, self).success(done).failure(self.on_failed).run()
