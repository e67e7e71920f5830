#!/usr/bin/env python
"""GUI cold start of two checkouts, alternating in one session: bench_gui.py's ``--child`` of each, in random order
each round, next to an empty QMainWindow (the baseline of bench_gui.py).

Run from the project root (not collected by pytest)::

    .venv/bin/python tests/perf/compare_cold_start.py --before /work/wt-before \\
        --before-store /tmp/desk-bench/before/store-100000.sqlite3 --store /tmp/desk-bench/store-100000 --rounds 15

``--before`` is a checkout (git worktree) of an older commit with its own bench_gui.py; ``--before-store`` its store
(a file of the plain layout or a data dir), ``--store`` this checkout's cached data dir. Each is copied once to a
scratch data dir (deleted at the end). This checkout also runs with ``DESK_KEYSTORE`` unset (the key store chosen as
a desk chooses it) unless --no-keyring-probe. Prints the samples, medians and ratios to the before checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
os.environ.setdefault("DESK_KEYSTORE", "file")
os.environ.setdefault("DESK_KEY_DIR", "/tmp/desk-bench/keys")

import bench_gui  # noqa: E402
import bench_store  # noqa: E402


def copy_store(store: Path, dest: Path) -> Path:
    """A scratch data dir holding ``store``: a data dir (store + key sidecar) or a store file of the old layout."""
    dest.mkdir(parents=True)
    if store.is_dir():
        return bench_store.copy_data_dir(store, dest)
    shutil.copyfile(store, dest / "desk.sqlite3")
    return dest


def main(argv: list[str] | None = None) -> int:
    # Throwaway desks, several of one slot on one machine: kept out of the PC's registry of stores
    # (desk/machine.py), which would otherwise refuse the next run's desk of the same slot.
    os.environ.setdefault("DESK_SLOT_REGISTRY", "off")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--before", type=Path, required=True, help="checkout of the older commit")
    ap.add_argument("--before-store", type=Path, required=True, help="its store (file or data dir)")
    ap.add_argument("--store", type=Path, required=True, help="this checkout's cached data dir")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--no-keyring-probe", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="desk-bench-coldstart-"))
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_BENCH_SETTINGS="1",
                   XDG_CONFIG_HOME=str(scratch / "config"))  # fmt: skip
        before_dir = copy_store(args.before_store.resolve(), scratch / "before")
        after_dir = copy_store(bench_store.data_dir_of(args.store).resolve(), scratch / "after")
        kinds: dict[str, tuple[list[str], dict[str, str]]] = {
            "baseline": (["-c", bench_gui.BASELINE], env),
            "before": ([str(args.before / "tests/perf/bench_gui.py"), "--child", str(before_dir)],
                       dict(env, PYTHONPATH=str(args.before.resolve()))),
            "after": ([str(HERE / "bench_gui.py"), "--child", str(after_dir)], dict(env, PYTHONPATH=str(ROOT))),
        }  # fmt: skip
        if not args.no_keyring_probe:
            probe_env = {k: v for k, v in kinds["after"][1].items() if k != "DESK_KEYSTORE"}
            kinds["after, keyring probed"] = (kinds["after"][0], probe_env)
        rng = random.Random(args.seed)
        samples: dict[str, dict[str, list[float]]] = {k: {"window": [], "list": [], "cpu": []} for k in kinds}
        for r in range(args.rounds):
            order = list(kinds)
            rng.shuffle(order)
            for kind in order:
                cmd, kenv = kinds[kind]
                before_ru = resource.getrusage(resource.RUSAGE_CHILDREN)
                out = subprocess.run([sys.executable, *cmd], capture_output=True, text=True, env=kenv, check=True,
                                     cwd=kenv.get("PYTHONPATH", ROOT))  # fmt: skip
                after_ru = resource.getrusage(resource.RUSAGE_CHILDREN)
                # CPU time of the whole child (user + system): far less sensitive to a busy machine than wall time
                samples[kind]["cpu"].append(
                    after_ru.ru_utime + after_ru.ru_stime - before_ru.ru_utime - before_ru.ru_stime
                )
                last = out.stdout.strip().splitlines()[-1]
                if kind == "baseline":
                    samples[kind]["window"].append(float(last))
                else:
                    marks = json.loads(last)
                    samples[kind]["window"].append(marks["window"])
                    samples[kind]["list"].append(marks["list"])
            print(f"round {r + 1}/{args.rounds} done (load {os.getloadavg()[0]:.2f})", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    med = {k: {m: statistics.median(v) for m, v in s.items() if v} for k, s in samples.items()}
    print(
        f"\ncold start, {args.rounds} rounds alternating (median s; samples in run order; window and list: wall time "
        "to the window and to the list's first page; cpu: the child's whole CPU time, user + system):"
    )
    for kind, s in samples.items():
        for m, v in s.items():
            if v:
                ratio = f"  {med[kind][m] / med['before'][m]:.2f}× before" if kind.startswith("after") else ""
                ratio += f", min {min(v):.3f}" + (
                    f" ({min(v) / min(samples['before'][m]):.2f}× before's)" if kind.startswith("after") else ""
                )
                print(f"  {kind:<24} {m:<6} {med[kind][m]:.3f}{ratio}   [{' '.join(f'{x:.2f}' for x in v)}]")
    b = med["baseline"]["window"]
    for kind in ("before", "after", "after, keyring probed"):
        if kind in med:
            print(f"  {kind:<24} window over the empty-window baseline: {med[kind]['window'] - b:+.3f} s")
    if "after" in med:
        print(f"  after − before: window {med['after']['window'] - med['before']['window']:+.3f} s, "
              f"list {med['after']['list'] - med['before']['list']:+.3f} s")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"samples": samples, "median": med}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
