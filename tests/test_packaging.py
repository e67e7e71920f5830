"""Packaging (packaging/): fast checks that run in the normal suite, and checks of the built artefacts that run only
with DESK_PACKAGING=1 (packaging/check.sh sets it after building them)."""

from __future__ import annotations

import ast
import os
import runpy
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
cfg = runpy.run_path(str(PACKAGING / "bundle.py"))
verify = runpy.run_path(str(PACKAGING / "verify.py"))
VERSION = cfg["read_version"]()
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"
APP_PACKAGES = ("desk", "ui", "printing", "sync")

heavy = pytest.mark.skipif(
    os.environ.get("DESK_PACKAGING") != "1", reason="artefact checks: DESK_PACKAGING=1 (packaging/check.sh)"
)


# --- versions -------------------------------------------------------------------------------------------------------


def test_versions_agree():
    import desk

    assert desk.__version__ == VERSION
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if "version" not in project.get("dynamic", []):
        assert project["version"] == VERSION, "pyproject.toml's version differs from desk/__init__.py"
    assert cfg["msi_version"](VERSION) == VERSION  # an MSI can carry it


def test_cli_reports_the_version():
    out = subprocess.run([sys.executable, "-m", "desk", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    assert out.stdout.strip() == f"desk {VERSION}"


@pytest.mark.parametrize("bad", ["1.2", "1.2.3rc1", "256.0.0", "1.2.65536", "1.2.3.4"])
def test_msi_version_refuses_what_windows_installer_cannot_carry(bad):
    with pytest.raises(ValueError):
        cfg["msi_version"](bad)


# --- the .desktop file and AppRun ------------------------------------------------------------------------------------


def test_desktop_file_validates(tmp_path):
    text = (PACKAGING / "appimage" / "desk.desktop.in").read_text(encoding="utf-8")
    desktop = tmp_path / f"{cfg['APP_ID']}.desktop"
    desktop.write_text(text.replace("@APP_ID@", cfg["APP_ID"]).replace("@VERSION@", VERSION), encoding="utf-8")
    entries = verify["desktop_entries"](desktop)
    assert entries["Type"] == "Application"
    assert entries["Exec"] == "desk-gui"
    assert entries["Icon"] == cfg["APP_ID"]
    assert entries["X-AppImage-Version"] == VERSION
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate is not installed (desktop-file-utils)")
    assert verify["validate_desktop"](desktop) == []


def _fake_appdir(tmp_path: Path) -> Path:
    appdir = tmp_path / "AppDir"
    lib = appdir / "usr" / "lib" / "desk"
    lib.mkdir(parents=True)
    shutil.copy(PACKAGING / "appimage" / "AppRun", appdir / "AppRun")
    for name in ("desk", "desk-gui"):
        (lib / name).write_text(f'#!/bin/sh\necho "{name} QT_QPA_PLATFORM=$QT_QPA_PLATFORM $*"\n')
        (lib / name).chmod(0o755)
    return appdir


@pytest.mark.skipif(sys.platform == "win32", reason="AppRun is a POSIX shell script")
def test_apprun_runs_the_window_without_arguments_and_the_cli_with_them(tmp_path):
    apprun = _fake_appdir(tmp_path) / "AppRun"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"} | {"QT_PLUGIN_PATH": "/host/plugins"}
    gui = subprocess.run([str(apprun)], capture_output=True, text=True, env=env)
    assert gui.stdout.strip() == "desk-gui QT_QPA_PLATFORM=xcb"
    cli = subprocess.run([str(apprun), "selfcheck", "--json"], capture_output=True, text=True, env=env)
    assert cli.stdout.strip() == "desk QT_QPA_PLATFORM=xcb selfcheck --json"
    chosen = subprocess.run([str(apprun), "info"], capture_output=True, text=True, env=env | {"QT_QPA_PLATFORM": "x"})
    assert chosen.stdout.strip() == "desk QT_QPA_PLATFORM=x info"


def test_entry_dispatches_on_the_executable_name(monkeypatch):
    entry = runpy.run_path(str(PACKAGING / "entry.py"))
    monkeypatch.setattr(sys, "executable", "/opt/desk/desk")
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/desk-gui"])  # the Linux symlink
    assert entry["_invoked_as_gui"]()
    monkeypatch.setattr(sys, "argv", ["desk", "selfcheck"])
    assert not entry["_invoked_as_gui"]()
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\MotCuaDesk\desk-gui.exe")
    monkeypatch.setattr(sys, "argv", [r"C:\Program Files\MotCuaDesk\desk-gui.exe"])
    assert entry["_invoked_as_gui"]()


# --- the WiX source ---------------------------------------------------------------------------------------------------


def _wxs() -> ET.Element:
    return ET.parse(PACKAGING / "wix" / "desk.wxs").getroot()


def test_wxs_is_a_per_machine_major_upgrade_with_a_fixed_upgrade_code():
    product = _wxs().find(f"{WIX}Product")
    assert product is not None
    assert product.get("UpgradeCode") == cfg["MSI_UPGRADE_CODE"]
    assert product.get("Id") == "*"  # a new ProductCode per build: every version is a major upgrade
    assert product.get("Version") == "$(var.Version)"
    assert product.find(f"{WIX}Package").get("InstallScope") == "perMachine"
    assert product.find(f"{WIX}MajorUpgrade") is not None
    install = product.find(f".//{WIX}Directory[@Id='ProgramFiles64Folder']/{WIX}Directory[@Id='INSTALLDIR']")
    assert install is not None


def test_wxs_has_a_start_menu_shortcut_to_the_window():
    menu = _wxs().find(f".//{WIX}DirectoryRef[@Id='ProgramMenuFolder']")
    shortcut = menu.find(f".//{WIX}Shortcut")
    assert shortcut.get("Target") == "[INSTALLDIR]desk-gui.exe"
    key = menu.find(f".//{WIX}RegistryValue")
    assert key.get("Root") == "HKLM" and key.get("KeyPath") == "yes"  # a per-machine shortcut's key path


@pytest.mark.parametrize("prop", list(cfg["MSI_PROPERTIES"]))
def test_wxs_writes_each_setting_to_hklm_and_keeps_it_on_upgrade(prop):
    root = _wxs()
    value_name = cfg["MSI_PROPERTIES"][prop][0]
    search = root.find(f".//{WIX}Property[@Id='{prop}']/{WIX}RegistrySearch")
    assert search is not None, f"{prop} is not read back from the registry"
    assert (search.get("Root"), search.get("Name"), search.get("Win64")) == ("HKLM", value_name, "yes")
    values = [v for v in root.iter(f"{WIX}RegistryValue") if v.get("Name") == value_name]
    assert [(v.get("Root"), v.get("Key"), v.get("Value")) for v in values] == [
        ("HKLM", cfg["MSI_REGISTRY_KEY"], f"[{prop}]")
    ]
    actions = {a.get("Id"): a for a in root.iter(f"{WIX}CustomAction")}
    assert actions[f"Save{value_name}"].get("Property") == f"CMDLINE_{prop}"
    assert actions[f"Restore{value_name}"].get("Value") == f"[CMDLINE_{prop}]"
    for seq in ("InstallExecuteSequence", "InstallUISequence"):
        customs = {c.get("Action"): int(c.get("Sequence")) for c in root.find(f".//{WIX}{seq}")}
        assert customs[f"Save{value_name}"] < 50 < customs[f"Restore{value_name}"] < 100  # AppSearch is 50


def test_msi_settings_are_the_machine_config_keys():
    from desk.config import MachineConfig

    fields = set(MachineConfig.__dataclass_fields__)
    assert {key for _value, key in cfg["MSI_PROPERTIES"].values()} <= fields


needs_wixl = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("wixl", "wixl-heat", "msiinfo", "msibuild")) or sys.platform == "win32",
    reason="wixl/msitools are not installed",
)


def _build_msi(tmp_path: Path, wxs: Path | None = None) -> subprocess.CompletedProcess:
    stage = tmp_path / "stage"
    (stage / "_internal").mkdir(parents=True, exist_ok=True)
    for exe in ("desk.exe", "desk-gui.exe"):
        (stage / exe).write_text("DUMMY: stands in for the frozen executable in the MSI table test\n")
    (stage / "_internal" / "base_library.zip").write_bytes(b"x")
    env = dict(os.environ, PYTHON=sys.executable)
    if wxs:
        env["DESK_WXS"] = str(wxs)
    return subprocess.run(
        ["bash", str(PACKAGING / "build-msi.sh"), str(stage), str(tmp_path / "t.msi")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@needs_wixl
def test_wixl_builds_an_msi_with_the_expected_tables(tmp_path):
    out = _build_msi(tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    report = verify["check_msi"](tmp_path / "t.msi")
    assert report["problems"] == []
    assert report["ProductVersion"] == VERSION
    assert report["ALLUSERS"] == "1"


@needs_wixl
def test_msi_check_notices_a_missing_major_upgrade(tmp_path):
    text = (PACKAGING / "wix" / "desk.wxs").read_text(encoding="utf-8")
    start = text.index("<MajorUpgrade")
    broken = tmp_path / "broken.wxs"
    broken.write_text(text[:start] + text[text.index("/>", start) + 2 :], encoding="utf-8")
    out = _build_msi(tmp_path, broken)
    assert out.returncode == 1
    assert "MajorUpgrade" in out.stdout


# --- what the spec leaves out stays in step with what the app imports -----------------------------------------------


def _imports(package: str) -> set[tuple[str, str]]:
    """(module imported, file) for every import statement of a package, including those inside functions."""
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("sync/server/"):
            continue  # the reference provincial server: never part of the counter PC's bundle
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(alias.name, rel) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((node.module, rel))
                found |= {(f"{node.module}.{alias.name}", rel) for alias in node.names}
    return found


def _excluded(module: str) -> str | None:
    for ex in cfg["EXCLUDED_MODULES"]:
        if module == ex or module.startswith(ex + "."):
            return ex
    return None


def test_the_app_imports_no_module_the_bundle_leaves_out():
    hits = sorted(
        f"{f} imports {m} (excluded as {_excluded(m)})"
        for pkg in APP_PACKAGES
        for m, f in _imports(pkg)
        if _excluded(m)
    )
    assert hits == [], "packaging/bundle.py leaves out modules the app uses:\n" + "\n".join(hits)


def test_ui_uses_only_qt_modules_the_bundle_keeps():
    used = {m.split(".")[1] for m, _f in _imports("ui") if m.startswith("PySide6.") and m.count(".") >= 1}
    used = {m for m in used if m.startswith("Qt")}
    excluded = {m.split(".")[1] for m in cfg["EXCLUDED_QT_MODULES"]}
    assert used, "ui/ imports no Qt module?"
    assert not used & excluded
    assert used <= {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"}, (
        f"ui/ now uses {sorted(used)}: check its plugins and libraries in packaging/bundle.py, then add it here"
    )


def test_qt_plugin_and_library_filter():
    keep = cfg["keep_entry"]
    for path in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/plugins/printsupport/windowsprintersupport.dll",
        "PySide6/Qt/translations/qtbase_en.qm",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt6Svg.dll",
        "resources/fonts/LiberationSerif-Regular.ttf",
        "reportlab/fonts/Vera.ttf",
    ):
        assert keep(path), path
    for path in (
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qtdeclarative_en.qm",
        "PySide6/opengl32sw.dll",
        "PySide6/d3dcompiler_47.dll",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt6Quick.dll",
        "libgtk-3.so.0",
    ):
        assert not keep(path), path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF")
def test_elf_needed_reads_the_dynamic_section():
    needed = cfg["elf_needed"](Path(sys.executable).resolve())
    assert needed is not None and any(n.startswith("libc.so") or n.startswith("libpython") for n in needed)
    assert cfg["elf_needed"](PACKAGING / "bundle.py") is None


def test_linux_system_library_allowlist():
    allowed = cfg["LINUX_SYSTEM_LIBS"]
    for lib in ("libc.so.6", "libGL.so.1", "libEGL.so.1", "libxcb.so.1", "libz.so.1", "ld-linux-x86-64.so.2"):
        assert allowed.match(lib), lib
    for lib in ("libxcb-cursor.so.0", "libfontconfig.so.1", "libQt6Core.so.6", "libglib-2.0.so.0"):
        assert not allowed.match(lib), lib


# --- the artefacts (DESK_PACKAGING=1) ---------------------------------------------------------------------------------

DIST = ROOT / "dist"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: run packaging/check.sh (it builds, then runs these tests)")
    return path


@heavy
def test_frozen_bundle_within_budget_and_same_version():
    report = verify["check_bundle"](_need(DIST / "desk"), sys.platform, run=True)
    assert report["problems"] == []
    assert report["version"] == VERSION


@heavy
def test_appdir_and_payload_carry_the_version():
    report = verify["check_appdir"](_need(DIST / "AppDir"))
    assert report["problems"] == []
    assert report["desktop"]["X-AppImage-Version"] == VERSION
    assert verify["check_squashfs"](_need(DIST / f"desk-{VERSION}-x86_64.squashfs"))["problems"] == []


@heavy
def test_msi_carries_the_version():
    msi = Path(os.environ.get("DESK_PACKAGING_MSI") or DIST / f"desk-{VERSION}-x64.msi")
    report = verify["check_msi"](_need(msi))
    assert report["problems"] == []
    assert report["ProductVersion"] == VERSION


def test_the_icu_data_keeps_what_the_desk_reads():
    """packaging/icu_trim.py: locale-independent items and root/Vietnamese/English stay; other locales, charset
    converters, transliteration and the dictionaries of scripts without spaces go."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("icu_trim", ROOT / "packaging" / "icu_trim.py")
    icu = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(icu)
    kept = ["icudt73l/coll/vi.res", "icudt73l/coll/root.res", "icudt73l/pool.res", "icudt73l/curr/pool.res",
            "icudt73l/en_US.res", "icudt73l/ucadata.icu", "icudt73l/cnvalias.icu", "icudt73l/res_index.res",
            "icudt73l/supplementalData.res", "icudt73l/brkitr/line.brk", "icudt73l/nfkc.nrm", "icudt73l/vi.res"]  # fmt: skip
    dropped = ["icudt73l/coll/fr.res", "icudt73l/zh_Hant_TW.res", "icudt73l/ibm-943_P15A-2003.cnv",
               "icudt73l/translit/Any_Accents.res", "icudt73l/brkitr/cjdict.dict", "icudt73l/lang/yue.res"]  # fmt: skip
    assert [n for n in kept if not icu.keep(n)] == []
    assert [n for n in dropped if icu.keep(n)] == []
