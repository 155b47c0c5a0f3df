"""The default number of workers: cores this process may use, capped by a cgroup CPU quota."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jisr.cpus import cgroup_cpu_quota, usable_cpus


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="ascii")
    return root


def test_cgroup_v2_quota_tightest_on_the_path(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "proc/self/cgroup": "0::/box/job\n",
            "sys/fs/cgroup/cpu.max": "max 100000\n",
            "sys/fs/cgroup/box/cpu.max": "300000 100000\n",
            "sys/fs/cgroup/box/job/cpu.max": "150000 100000\n",
        },
    )
    assert cgroup_cpu_quota(root) == pytest.approx(1.5)


def test_cgroup_v2_without_quota(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "max 100000"})
    assert cgroup_cpu_quota(root) is None


def test_cgroup_v1_quota_and_none(tmp_path: Path) -> None:
    files = {
        "proc/self/cgroup": "5:memory:/x\n4:cpu,cpuacct:/docker/abc\n",
        "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "200000\n",
        "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
    }
    assert cgroup_cpu_quota(_tree(tmp_path / "a", files)) == pytest.approx(2.0)
    files["sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us"] = "-1\n"
    assert cgroup_cpu_quota(_tree(tmp_path / "b", files)) is None
    # a quota set on a parent of the process's cgroup counts too
    files["sys/fs/cgroup/cpu,cpuacct/docker/cpu.cfs_quota_us"] = "300000\n"
    files["sys/fs/cgroup/cpu,cpuacct/docker/cpu.cfs_period_us"] = "100000\n"
    files["sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us"] = "-1\n"
    files["sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us"] = "100000\n"
    assert cgroup_cpu_quota(_tree(tmp_path / "c", files)) == pytest.approx(3.0)


def test_unreadable_cgroup_is_no_quota(tmp_path: Path) -> None:
    assert cgroup_cpu_quota(tmp_path) is None
    root = _tree(tmp_path / "bad", {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "x y"})
    assert cgroup_cpu_quota(root) is None
    (root / "sys/fs/cgroup/cpu.max").write_bytes(b"\xff\xfe")
    assert cgroup_cpu_quota(root) is None


def test_usable_cpus_capped_by_quota(tmp_path: Path) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "50000 100000"})
    assert usable_cpus(root) == 1  # half a core: one worker
    assert usable_cpus(tmp_path / "none") == cores
    assert 1 <= usable_cpus() <= cores
