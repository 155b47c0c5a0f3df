"""How many cores this process may use: the default number of worker processes.

`os.sched_getaffinity` tells which cores the process may run on, but not a container's CPU
quota (cgroups: `docker run --cpus 2` on a 64-core host). Neither `os` nor `multiprocessing`
reads the quota (Python 3.13's `os.process_cpu_count` does not either), so it is read here from
the cgroup files: `cpu.max` (cgroup v2) or `cpu.cfs_quota_us` / `cpu.cfs_period_us` (v1).
"""

from __future__ import annotations

import math
import os
from pathlib import Path


def usable_cpus(root: Path = Path("/")) -> int:
    """Cores this process may use: those it may run on, capped by its cgroup's CPU quota
    (rounded up), at least 1. `root`: where /proc and /sys are (tests)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_quota(root)
    if quota is not None:
        cores = min(cores, max(1, math.ceil(quota)))
    return max(1, cores)


def cgroup_cpu_quota(root: Path = Path("/")) -> float | None:
    """The CPU quota of this process's cgroup in cores (1.5: one and a half), or None where
    there is none or it cannot be read."""
    try:
        lines = (root / "proc/self/cgroup").read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:  # "0::/path" (v2), "4:cpu,cpuacct:/path" (v1)
        _, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        rel = path.lstrip("/")
        if controllers == "":
            got = _v2_quota(root / "sys/fs/cgroup", rel)
        elif "cpu" in controllers.split(","):
            got = _v1_quota(root / "sys/fs/cgroup", controllers, rel)
        else:
            continue
        if got is not None:
            return got
    return None


def _v2_quota(base: Path, rel: str) -> float | None:
    """The tightest `cpu.max` from the process's cgroup up to the root ("max 100000": none)."""
    best: float | None = None
    parts = [p for p in rel.split("/") if p]
    for depth in range(len(parts), -1, -1):
        try:
            text = (base.joinpath(*parts[:depth]) / "cpu.max").read_text(encoding="ascii")
        except (OSError, ValueError):  # ValueError: not ASCII
            continue
        quota, _, period = text.strip().partition(" ")
        if quota != "max" and quota.isdigit() and period.isdigit() and int(period) > 0:
            cores = int(quota) / int(period)
            best = cores if best is None else min(best, cores)
    return best


def _v1_quota(base: Path, controllers: str, rel: str) -> float | None:
    """The tightest `cpu.cfs_quota_us` / `cpu.cfs_period_us` of the cpu controller, from the
    process's cgroup up to the root of the mount (-1: none). In a container the mount's root is
    the container's own cgroup."""
    parts = [p for p in rel.split("/") if p]
    for mount in dict.fromkeys((controllers, "cpu,cpuacct", "cpu")):
        if not (base / mount).is_dir():
            continue
        best: float | None = None
        for depth in range(len(parts), -1, -1):
            folder = base.joinpath(mount, *parts[:depth])
            try:
                quota = int((folder / "cpu.cfs_quota_us").read_text(encoding="ascii"))
                period = int((folder / "cpu.cfs_period_us").read_text(encoding="ascii"))
            except (OSError, ValueError):
                continue
            if quota > 0 and period > 0:
                best = quota / period if best is None else min(best, quota / period)
        return best
    return None
