"""What goes into the frozen bundle, in one place: read by desk.spec, check_bundle.py and tests/test_packaging.py.

packaging/ is deliberately not a Python package (no __init__.py): PyInstaller imports the PyPI ``packaging``
distribution, and a ``packaging`` package at the repository root would shadow it. Load this file by path.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

APP_ID = "vn.gov.motcua.desk"  # reverse-DNS id: .desktop file name, AppStream id
APP_TITLE = "Desk Mot Cua"  # ASCII: the MSI tables are built with the Windows-1252 code page
BUNDLE_NAME = "desk"  # dist/desk/ (onedir), desk / desk.exe, desk-gui / desk-gui.exe

# MSI property (msiexec command line) → value under HKLM\Software\MotCuaDesk (64-bit view) → key of desk/config.py.
MSI_PROPERTIES = {
    "SERVER_URL": ("ServerUrl", "server_url"),
    "AGENCY_CODE": ("AgencyCode", "agency_code"),
    "AGENCY_NAME": ("AgencyName", "agency_name"),
    "PARENT_NAME": ("ParentName", "parent_name"),
    "PLACE": ("Place", "place"),
    "DESK_SLOT": ("DeskSlot", "desk_slot"),
    "TRUSTED_KEY": ("TrustedKey", "trusted_keys"),
    "CA_BUNDLE": ("CaBundle", "ca_bundle"),
    "FORM_SET": ("FormSet", "form_set"),
    "RECOVERY_KEY": ("RecoveryKey", "recovery_key"),
    "BACKUP_DIR": ("BackupDir", "backup_dir"),
}
MSI_REGISTRY_KEY = r"Software\MotCuaDesk"
MSI_UPGRADE_CODE = "B54F9D72-1C5A-4572-B5DB-ED124618A428"  # never change: MajorUpgrade finds older versions by it

# Megabytes (10^6 bytes) of the whole onedir bundle, checked by check_bundle.py in CI.
SIZE_BUDGET_MB = {"linux": 160, "win32": 200}

# Python modules never frozen. Qt modules first: the app uses QtCore, QtGui, QtWidgets, QtPrintSupport only
# (ui/qt.py); tests/test_packaging.py fails when ui/ starts importing one of these, so the list is kept in step.
EXCLUDED_QT_MODULES = [
    "PySide6.QtNetwork",
    "PySide6.QtSql",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtStateMachine",
]
# Everything else: GUI toolkits we do not use, the tests' and the reference server's packages (the counter PC
# never runs the provincial server), and the parts of Pillow nobody calls: reportlab imports PIL.Image at start
# (reportlab/lib/utils.py) but the forms draw no raster images, so AVIF/WebP codecs, colour management, FreeType
# text and the Tk/Qt bridges stay out (with the libraries they link, about 12 MB).
EXCLUDED_OTHER_MODULES = [
    "tkinter",
    "_tkinter",
    "idlelib",
    "lib2to3",
    "ensurepip",
    "readline",  # only the interactive prompt uses it; it links libreadline and libtinfo
    # East Asian codecs (0.9 MB): the desk reads and writes UTF-8 (and cp1258 on old Windows consoles)
    "_codecs_jp",
    "_codecs_hk",
    "_codecs_cn",
    "_codecs_kr",
    "_codecs_tw",
    "_codecs_iso2022",
    "venv",
    "pydoc_data",
    "turtledemo",
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingft",
    "PIL.ImageFont",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    "PIL._imagingmath",
    "PIL.ImageMath",
    "numpy",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "pdfplumber",
    "pdfminer",
    "schemathesis",
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "psycopg",
    "sync.server",
    # pydantic imports rich (and through it pygments, markdown-it) only in a debugging helper
    # (pydantic._internal._core_utils.pretty_print_core_schema): 2.4 MB of compressed bytecode
    "rich",
    "pygments",
    "markdown_it",
    "mdurl",
    "reportlab.graphics.testshapes",
]
EXCLUDED_MODULES = EXCLUDED_QT_MODULES + EXCLUDED_OTHER_MODULES

# Qt plugins kept, by "<plugin dir>/<file stem without lib/q prefix>"; every other plugin is left out.
# Linux: xcb (X11 and XWayland) and offscreen (CI smoke tests); compose + ibus input contexts (Vietnamese typing
# goes through IBus-Unikey/Bamboo on Linux desks); CUPS print support; SVG icons; the usual raster formats.
# Windows: the native platform, the modern Windows style, the Windows print support.
KEEP_QT_PLUGINS = {
    "platforms": {"xcb", "offscreen", "windows"},
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": {"xcb-glx-integration", "xcb-egl-integration"},
    "printsupport": {"cupsprintersupport", "windowsprintersupport"},
    "imageformats": {"svg", "ico"},  # PNG is built into QtGui; the app shows no JPEG/GIF
    "iconengines": {"svgicon"},
    "styles": {"modernwindowsstyle", "windowsvistastyle"},
}

# Data files of dependencies never needed at run time: FontForge sources and their licence text in reportlab/fonts.
DROP_DATA = re.compile(r"(^|/)reportlab/fonts/(DarkGarden\.sfd|DarkGarden-copying-gpl\.txt)$")

# Qt's own translations: only the languages the app ships (Vietnamese default, English).
KEEP_QT_TRANSLATIONS = re.compile(r"^qtbase_(vi|en)\.qm$")

# Libraries never shipped even when a kept module pulls them in: software OpenGL and the Direct3D shader
# compiler (a widgets app does not need them, 25 MB on Windows), the Qt PDF engine, Qt Quick/QML, and GTK
# (pulled by the GTK platform theme, which is not kept).
DROP_LIBRARIES = re.compile(
    r"(^|/)(opengl32sw\.dll|d3dcompiler_\d+\.dll|(lib)?Qt6(Pdf|Qml\w*|Quick\w*|Network|OpenGL\w*|SvgWidgets)"
    r"(\.so\.6|\.dll)|lib(gtk-3|gdk-3|atk-1\.0|pango\w*|cairo\w*|gdk_pixbuf-2\.0)\.so\.\d+)$"
)

# System libraries never bundled on Linux (PyInstaller's own list already leaves out glibc, libGL/libEGL, libxcb):
# libcups.so.2 is linked by the CUPS print plugin only; it must match the CUPS client set-up and TLS stack of the
# target, and it is there wherever printing is set up (without it the app starts and lists no printers). Not
# bundling it also leaves out GnuTLS, Kerberos and Avahi (9 MB). libX11.so.6 comes with libGL itself (libGL.so.1
# links it through libGLX), like libxcb, which PyInstaller already leaves to the system (1.3 MB).
LINUX_NEVER_BUNDLE = [r"libcups\.so(\..*)?", r"libX11\.so(\..*)?"]

# System libraries the Linux bundle may take from the target (verify.py fails on any other): glibc, zlib (the
# PyInstaller bootloader links it before the bundle's libraries are reachable), the GL/EGL drivers, the X11
# client libraries that come with libGL, and libcups (above). packaging/minimal-system.sh runs the bundle with
# exactly these.
LINUX_SYSTEM_LIBS = re.compile(
    r"^(linux-vdso\.so\.1|ld-linux-x86-64\.so\.2|lib(c|m|dl|pthread|rt|util|resolv|anl)\.so\.\d+"
    r"|lib(GL|EGL|GLX|GLdispatch|OpenGL)\.so\.\d+"
    r"|lib(X11|xcb|Xau|Xdmcp|bsd|md)\.so\.\d+"
    r"|libz\.so\.1|libcups\.so\.2)$"
)


def read_version(root: Path = ROOT) -> str:
    """The app's version, the single source: desk/__init__.py (without importing the package)."""
    text = (root / "desk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise SystemExit('desk/__init__.py has no __version__ = "…"')
    return match.group(1)


def msi_version(version: str) -> str:
    """The MSI ProductVersion for ``version``: major.minor.build, each within the Windows Installer limits."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not match:
        raise ValueError(f"version {version!r} is not major.minor.patch: an MSI cannot carry it")
    major, minor, build = (int(x) for x in match.groups())
    if major > 255 or minor > 255 or build > 65535:
        raise ValueError(f"version {version!r} is out of the MSI range (255.255.65535)")
    return version


def keep_plugin(dest: str) -> bool | None:
    """For a bundle path under a Qt ``plugins`` dir: True to keep it, False to drop it; None when not a plugin."""
    parts = dest.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return None
    i = len(parts) - 1 - parts[::-1].index("plugins")
    if len(parts) < i + 3 or not any(p in ("PySide6", "Qt") for p in parts[:i]):
        return None
    kind, name = parts[i + 1], parts[-1]
    stem = re.sub(r"\.(so|dll|dylib)$", "", name)
    candidates = {stem, stem.removeprefix("lib"), stem.removeprefix("lib").removeprefix("q"), stem.removeprefix("q")}
    return bool(candidates & KEEP_QT_PLUGINS.get(kind, set()))


def keep_entry(dest: str) -> bool:
    """Whether one bundle entry (destination path inside the onedir) is kept."""
    norm = dest.replace("\\", "/")
    plugin = keep_plugin(norm)
    if plugin is not None:
        return plugin
    name = norm.rsplit("/", 1)[-1]
    if "/translations/" in norm and name.endswith(".qm") and ("PySide6" in norm or "/Qt/" in norm):
        return bool(KEEP_QT_TRANSLATIONS.match(name))
    return not DROP_LIBRARIES.search(norm) and not DROP_DATA.search(norm)


def elf_needed(path: Path | str) -> list[str] | None:
    """DT_NEEDED entries of a 64-bit little-endian ELF file; None when the file is not one (no binutils needed)."""
    import struct

    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
            if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
                return None
            phoff, phentsize, phnum = struct.unpack_from("<Q", head, 32)[0], *struct.unpack_from("<HH", head, 54)
            fh.seek(phoff)
            phdrs = fh.read(phentsize * phnum)
            loads, dynamic = [], None
            for i in range(phnum):
                p_type, _flags, offset, vaddr, _paddr, filesz = struct.unpack_from("<IIQQQQ", phdrs, i * phentsize)
                if p_type == 1:  # PT_LOAD
                    loads.append((vaddr, offset, filesz))
                elif p_type == 2:  # PT_DYNAMIC
                    dynamic = (offset, filesz)
            if dynamic is None:
                return []
            fh.seek(dynamic[0])
            raw = fh.read(dynamic[1])
            needed, strtab = [], None
            for i in range(0, len(raw) - 15, 16):
                tag, val = struct.unpack_from("<qQ", raw, i)
                if tag == 0:
                    break
                if tag == 1:
                    needed.append(val)
                elif tag == 5:
                    strtab = val
            if strtab is None:
                return []
            base = next((off + strtab - va for va, off, size in loads if va <= strtab < va + size), None)
            if base is None:
                return []
            names = []
            for off in needed:
                fh.seek(base + off)
                names.append(fh.read(256).split(b"\0", 1)[0].decode())
            return names
    except (OSError, struct.error, UnicodeDecodeError):
        return None


def unreachable_root_libraries(entries: list[tuple[str, str]], extra_roots: tuple[str, ...] = ()) -> set[str]:
    """Linux: shared libraries at the top of the bundle that no kept binary links (DT_NEEDED, transitively).

    PyInstaller resolves dependencies with ldd, which lists the whole closure: a library left out (LINUX_NEVER_BUNDLE)
    still drags its own dependencies in. ``entries`` are (destination in the bundle, source file) pairs.
    """
    roots, top = [], {}
    for dest, src in entries:
        norm = dest.replace("\\", "/")
        if "/" not in norm and re.fullmatch(r"lib[\w+.-]*\.so(\.\d+)*", norm) and not norm.startswith("libpython"):
            top[norm] = src
        else:
            roots.append(src)
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        for name in elf_needed(todo.pop()) or ():
            if name in top and name not in seen:
                seen.add(name)
                todo.append(top[name])
    return set(top) - seen
