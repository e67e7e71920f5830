"""Checks of the built artefacts, run by packaging/check.sh, the release workflow and tests/test_packaging.py.

    python packaging/verify.py bundle dist/desk            # size budget, version, Linux: what it needs from the system
    python packaging/verify.py appdir dist/AppDir          # AppRun, .desktop (desktop-file-validate), icons, version
    python packaging/verify.py squashfs dist/desk-….squashfs  # unsquashfs -l: the AppDir is in the payload
    python packaging/verify.py msi dist/desk-…-x64.msi     # msiinfo: properties, shortcut, upgrade code, per-machine

Each prints one JSON report and exits 1 with the reasons when a check fails. Only the standard library is used:
the Windows job runs the bundle check with the Python it froze with.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
cfg = runpy.run_path(str(HERE / "bundle.py"))
VERSION = cfg["read_version"]()


class Failed(Exception):
    pass


def tree_bytes(root: Path) -> tuple[int, int]:
    """(bytes, files) of the regular files under root; symlinks (PyInstaller links libraries) count as nothing."""
    total = files = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            total += path.stat().st_size
            files += 1
    return total, files


def external_libraries(root: Path) -> dict[str, list[str]]:
    """Linux: library names some ELF file of the bundle links (DT_NEEDED) that the bundle does not provide,
    with who needs them."""
    provided = set()
    elves: list[Path] = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            provided.add(name)
            path = Path(folder) / name
            if not path.is_symlink() and (".so" in name or os.access(path, os.X_OK)):
                elves.append(path)
    missing: dict[str, list[str]] = {}
    for path in elves:
        for lib in cfg["elf_needed"](path) or ():
            if lib not in provided:
                missing.setdefault(lib, []).append(str(path.relative_to(root)))
    return missing


def run_version(exe: Path) -> str:
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise Failed(f"{exe} --version exited {out.returncode}: {out.stderr.strip()}")
    return out.stdout.strip().split()[-1]


def check_bundle(root: Path, platform: str, run: bool) -> dict:
    problems = []
    win = platform == "win32"
    exes = ["desk.exe", "desk-gui.exe"] if win else ["desk", "desk-gui"]
    for exe in exes:
        if not (root / exe).exists():
            problems.append(f"{exe} is missing from {root}")
    size, files = tree_bytes(root)
    budget = cfg["SIZE_BUDGET_MB"]["win32" if win else "linux"]
    report: dict = {
        "bundle": str(root),
        "bytes": size,
        "MB": round(size / 1e6, 1),
        "MiB": round(size / 2**20, 1),
        "budget_MB": budget,
        "files": files,
    }
    if size > budget * 1e6:
        problems.append(f"the bundle is {size / 1e6:.1f} MB, over the budget of {budget} MB (packaging/bundle.py)")
    resources = root / "_internal" / "resources"
    for need in ("fonts/LiberationSerif-Regular.ttf", "catalog/sample-catalog.json", "i18n/desk_en.qm"):
        if not (resources / need).is_file():
            problems.append(f"resources/{need} is missing from the bundle")
    if not list((root / "_internal" / "reportlab" / "fonts").glob("Vera*.ttf")):
        problems.append("reportlab's fonts (Vera*.ttf) are missing from the bundle")
    if not win:
        missing = external_libraries(root)
        allowed = cfg["LINUX_SYSTEM_LIBS"]
        report["from_the_system"] = sorted(missing)
        bad = {lib: who for lib, who in missing.items() if not allowed.match(lib)}
        for lib, who in sorted(bad.items()):
            problems.append(f"{lib} is neither bundled nor an allowed system library (needed by {who[:3]})")
    if run:
        report["version"] = run_version(root / exes[0])
        if report["version"] != VERSION:
            problems.append(f"the frozen app says {report['version']}, desk/__init__.py says {VERSION}")
    report["problems"] = problems
    return report


def desktop_entries(path: Path) -> dict[str, str]:
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            entries[key.strip()] = value.strip()
    return entries


def validate_desktop(path: Path) -> list[str]:
    tool = shutil.which("desktop-file-validate")
    if not tool:
        return ["desktop-file-validate is not installed (apt-get install desktop-file-utils)"]
    out = subprocess.run([tool, str(path)], capture_output=True, text=True)
    text = (out.stdout + out.stderr).strip()
    return [f"desktop-file-validate {path.name}: {text}"] if out.returncode != 0 or "error" in text.lower() else []


def check_appdir(root: Path) -> dict:
    problems = []
    app_id = cfg["APP_ID"]
    apprun = root / "AppRun"
    if not (apprun.is_file() and os.access(apprun, os.X_OK)):
        problems.append("AppRun is missing or not executable")
    desktop = root / f"{app_id}.desktop"
    entries: dict[str, str] = {}
    if not desktop.is_file():
        problems.append(f"{desktop.name} is missing at the top of the AppDir")
    else:
        problems += validate_desktop(desktop)
        entries = desktop_entries(desktop)
        if entries.get("X-AppImage-Version") != VERSION:
            problems.append(f"X-AppImage-Version is {entries.get('X-AppImage-Version')!r}, not {VERSION}")
        icon = entries.get("Icon", "")
        if not any((root / f"{icon}{ext}").is_file() for ext in (".png", ".svg")):
            problems.append(f"the icon {icon}.png/.svg named by the .desktop file is missing at the top of the AppDir")
    if not (root / ".DirIcon").exists():
        problems.append(".DirIcon is missing")
    if not (root / "usr" / "share" / "applications" / f"{app_id}.desktop").is_file():
        problems.append("usr/share/applications has no .desktop file")
    report = {"appdir": str(root), "desktop": entries, "problems": problems}
    report.update({k: v for k, v in check_bundle(root / "usr" / "lib" / "desk", sys.platform, run=False).items()
                   if k in ("MB", "files")})  # fmt: skip
    return report


def check_squashfs(path: Path) -> dict:
    problems = []
    out = subprocess.run(["unsquashfs", "-l", str(path)], capture_output=True, text=True)
    if out.returncode != 0:
        raise Failed(f"unsquashfs -l {path}: {out.stderr.strip()}")
    names = {line.strip().removeprefix("squashfs-root").lstrip("/") for line in out.stdout.splitlines()}
    app_id = cfg["APP_ID"]
    for need in (
        "AppRun",
        f"{app_id}.desktop",
        f"{app_id}.png",
        ".DirIcon",
        "usr/lib/desk/desk",
        "usr/lib/desk/desk-gui",
        "usr/lib/desk/_internal/resources/fonts/LiberationSerif-Regular.ttf",
        "usr/lib/desk/_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
    ):
        if need not in names:
            problems.append(f"{need} is not in the squashfs payload")
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head != b"hsqs":
        problems.append("not a squashfs image (magic)")
    return {"squashfs": str(path), "MB": round(path.stat().st_size / 1e6, 1), "entries": len(names),
            "problems": problems}  # fmt: skip


def msi_table(path: Path, table: str) -> list[dict[str, str]]:
    out = subprocess.run(["msiinfo", "export", str(path), table], capture_output=True, text=True)
    if out.returncode != 0:
        raise Failed(f"msiinfo export {table}: {out.stderr.strip()}")
    lines = out.stdout.splitlines()
    if len(lines) < 3:
        return []
    columns = lines[0].split("\t")
    return [dict(zip(columns, line.split("\t"), strict=False)) for line in lines[3:] if line]


def msi_summary(path: Path) -> dict[str, str]:
    out = subprocess.run(["msiinfo", "suminfo", str(path)], capture_output=True, text=True)
    if out.returncode != 0:
        raise Failed(f"msiinfo suminfo: {out.stderr.strip()}")
    return dict(line.split(": ", 1) for line in out.stdout.splitlines() if ": " in line)


def check_msi(path: Path, expect_files: tuple[str, ...] = ("desk.exe", "desk-gui.exe"), version: str = VERSION) -> dict:
    problems = []
    props = {row["Property"]: row["Value"] for row in msi_table(path, "Property")}
    summary = msi_summary(path)
    upgrade_code = "{" + cfg["MSI_UPGRADE_CODE"] + "}"
    if props.get("ProductVersion") != cfg["msi_version"](version):
        problems.append(f"ProductVersion {props.get('ProductVersion')!r} is not {version}")
    if props.get("UpgradeCode") != upgrade_code:
        problems.append(f"UpgradeCode {props.get('UpgradeCode')!r} is not {upgrade_code}")
    if props.get("ALLUSERS") != "1":
        problems.append("ALLUSERS is not 1: not a per-machine install")
    if not summary.get("Template", "").startswith("x64;"):
        problems.append(f"summary Template {summary.get('Template')!r}: not an x64 package")
    secure = set(props.get("SecureCustomProperties", "").split(";"))

    searches = {row["Property"]: row["Signature_"] for row in msi_table(path, "AppSearch")}
    locators = {row["Signature_"]: row for row in msi_table(path, "RegLocator")}
    registry = {row["Name"]: row for row in msi_table(path, "Registry")}
    actions = {row["Action"]: row for row in msi_table(path, "CustomAction")}
    sequence = {row["Action"]: row for row in msi_table(path, "InstallExecuteSequence")}
    appsearch_at = int(sequence.get("AppSearch", {}).get("Sequence", 0) or 0)
    for prop, (value_name, _key) in cfg["MSI_PROPERTIES"].items():
        reg = registry.get(value_name)
        if not reg or reg["Value"] != f"[{prop}]" or reg["Root"] != "2" or reg["Key"] != cfg["MSI_REGISTRY_KEY"]:
            problems.append(f"{prop} is not written to HKLM\\{cfg['MSI_REGISTRY_KEY']}\\{value_name}")
        loc = locators.get(searches.get(prop, ""))
        if not loc or loc["Name"] != value_name or loc["Root"] != "2" or not int(loc["Type"]) & 16:
            problems.append(f"{prop} is not read back from the 64-bit registry (AppSearch/RegLocator)")
        save, restore = actions.get(f"Save{value_name}"), actions.get(f"Restore{value_name}")
        if not save or save["Source"] != f"CMDLINE_{prop}" or not restore or restore["Source"] != prop:
            problems.append(f"{prop}: the command-line value is not kept over the registry value (custom actions)")
        else:
            s_at = int(sequence.get(f"Save{value_name}", {}).get("Sequence", 0) or 0)
            r_at = int(sequence.get(f"Restore{value_name}", {}).get("Sequence", 0) or 0)
            if not (0 < s_at < appsearch_at < r_at < 100):
                problems.append(f"{prop}: Save/AppSearch/Restore are out of order ({s_at}, {appsearch_at}, {r_at})")
        if prop not in secure:
            problems.append(f"{prop} is not in SecureCustomProperties")

    shortcuts = msi_table(path, "Shortcut")
    if not any(s["Directory_"] == "ProgramMenuFolder" and s["Target"] == "[INSTALLDIR]desk-gui.exe" for s in shortcuts):
        problems.append("no Start-menu shortcut to [INSTALLDIR]desk-gui.exe")
    dirs = {row["Directory"]: row for row in msi_table(path, "Directory")}
    if dirs.get("INSTALLDIR", {}).get("Directory_Parent") != "ProgramFiles64Folder":
        problems.append("INSTALLDIR is not under ProgramFiles64Folder")
    upgrades = msi_table(path, "Upgrade")
    if not any(u["UpgradeCode"] == upgrade_code and u["VersionMax"] == version for u in upgrades):
        problems.append("no Upgrade row removing older versions (MajorUpgrade)")
    if "RemoveExistingProducts" not in sequence:
        problems.append("RemoveExistingProducts is not scheduled")
    files = {row["FileName"].split("|")[-1].lower() for row in msi_table(path, "File")}
    for name in expect_files:
        if name.lower() not in files:
            problems.append(f"{name} is not in the File table")
    return {
        "msi": str(path),
        "MB": round(path.stat().st_size / 1e6, 1),
        "ProductVersion": props.get("ProductVersion"),
        "ProductCode": props.get("ProductCode"),
        "UpgradeCode": props.get("UpgradeCode"),
        "ALLUSERS": props.get("ALLUSERS"),
        "properties": sorted(p for p in cfg["MSI_PROPERTIES"] if p in searches),
        "shortcuts": [s["Name"] for s in shortcuts],
        "files": len(files),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    b = sub.add_parser("bundle")
    b.add_argument("path", type=Path)
    b.add_argument("--platform", default=sys.platform, choices=["linux", "win32"])
    b.add_argument("--no-run", action="store_true", help="do not run the frozen app (--version)")
    sub.add_parser("appdir").add_argument("path", type=Path)
    sub.add_parser("squashfs").add_argument("path", type=Path)
    m = sub.add_parser("msi")
    m.add_argument("path", type=Path)
    m.add_argument("--expect-file", action="append", default=None)
    m.add_argument("--version", default=VERSION, help="the expected ProductVersion (default: desk/__init__.py)")
    args = parser.parse_args(argv)
    try:
        if args.what == "bundle":
            report = check_bundle(args.path, args.platform, run=not args.no_run)
        elif args.what == "appdir":
            report = check_appdir(args.path)
        elif args.what == "squashfs":
            report = check_squashfs(args.path)
        else:
            report = check_msi(args.path, tuple(args.expect_file or ("desk.exe", "desk-gui.exe")), args.version)
    except Failed as exc:
        report = {"problems": [str(exc)]}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if report["problems"]:
        print(f"verify {args.what}: FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
