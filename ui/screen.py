"""Windows that fit the counter PC's screen (often 1366×768, at 100–150 % scaling): asked sizes are clamped to the
screen's available area, the title bar included, and the window is centred on its parent or the screen."""

from __future__ import annotations

from ui.qt import QGuiApplication, QWidget

TITLE_BAR = 40  # what the window manager adds above a window (title bar and frame), in pixels
MARGIN = 16


def fit(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or less where the screen is smaller, and centre it."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    area = screen.availableGeometry()
    w = min(width, area.width() - 2 * MARGIN)
    h = min(height, area.height() - TITLE_BAR - MARGIN)
    widget.resize(w, h)
    parent = widget.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    # a window's position is its frame's: the title bar is above the content
    x = min(max(area.left(), centre.x() - w // 2), area.right() - w)
    y = min(max(area.top(), centre.y() - (h + TITLE_BAR) // 2), area.bottom() - h - TITLE_BAR)
    widget.move(x, y)


def scrolled(owner: QWidget, *, min_width: int = 0, min_height: int = 0) -> QWidget:
    """A body for ``owner``'s layout, inside a scroll area that fills ``owner``: on a small screen or at 150 %
    the window still fits and its content scrolls, instead of running off the screen or being cut.

    Returns the body: give it the layout (``QHBoxLayout(body)``) that would have been ``owner``'s.
    """
    from ui.qt import QFrame, QScrollArea, QVBoxLayout

    body = QWidget()
    body.setObjectName(f"{owner.objectName() or 'page'}Body")
    if min_width or min_height:
        body.setMinimumSize(min_width, min_height)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return body
