"""Run in a subprocess by test_fonts: draw characters one by one with the reading font.

Prints JSON: for each character, a digest of its rendered pixels and how many are inked.
Tofu shows as the same box for every character; real glyphs differ.  With an argument,
also saves a screenshot of the main window with the seed document open.
"""

from __future__ import annotations

import hashlib
import json
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

SAMPLE = "數字政府建設开启新时代篇章"


def main() -> int:
    app = QApplication(sys.argv[:1])
    from desktop import fonts

    fonts.load_bundled_fonts()
    fonts.install_ui_fallback(app)
    font = fonts.reading_font(28)
    glyphs = {}
    for ch in SAMPLE:
        image = QImage(48, 48, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(font)
        painter.setPen(QColor("black"))
        painter.drawText(image.rect(), int(Qt.AlignmentFlag.AlignCenter), ch)
        painter.end()
        data = bytes(image.constBits())
        inked = sum(1 for b in data if b < 128)
        glyphs[ch] = {"digest": hashlib.sha1(data).hexdigest(), "inked": inked}
    result = {"families": fonts.reading_families(), "glyphs": glyphs}
    if len(sys.argv) > 1:
        from desktop.app import create_window

        window = create_window()
        window.show()
        app.processEvents()
        window.restore_session()
        app.processEvents()
        window.grab().save(sys.argv[1])
        result["screenshot"] = sys.argv[1]
        window.close()
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
