"""reportlab's own fonts (Vera*.ttf, the standard Type 1 metrics): not collected by default, and without them the
frozen app fails with TTFError: Can't open file "Vera.ttf" (packaging.md)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files("reportlab", subdir="fonts")

# reportlab.graphics.barcode finds its symbologies by name at run time (the QR code and the others it registers).
hiddenimports = collect_submodules("reportlab.graphics.barcode")
