"""Draw the application icon (a red seal with 政) into PNG and ICO files.

Run: ``QT_QPA_PLATFORM=offscreen python resources/icons/make_icon.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
)

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "PolicyLibSerifSC-Regular.otf"  # drawn bold


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.06
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    path.addRoundedRect(rect, size * 0.16, size * 0.16)
    painter.fillPath(path, QColor("#b71c1c"))
    painter.setPen(QColor("#fff8e1"))
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(FONT)))[0]
    font = QFont(family)
    font.setBold(True)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "政")
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)
    del app
    draw(256).save(str(HERE / "policy-library.png"))
    draw(64).save(str(HERE / "policy-library-64.png"))
    draw(256).save(str(HERE / "policy-library.ico"), "ICO")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
