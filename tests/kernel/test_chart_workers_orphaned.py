"""kill -9 of the process that owns the chart pool (`campaignbot run`): its workers end by themselves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNER = """
import time
from bot.kernel.chart_pool import ChartPool

pool = ChartPool(workers=2)
pool.start()
executor = pool._pool()
while len(executor._processes) < 2:
    time.sleep(0.05)
print(" ".join(str(pid) for pid in executor._processes), flush=True)
time.sleep(300)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state != "Z"  # a zombie has exited; only its exit status waits for a reaper


def test_chart_workers_exit_when_their_parent_is_killed() -> None:
    owner = subprocess.Popen([sys.executable, "-c", OWNER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None
        workers = [int(pid) for pid in owner.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=10)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # do not leave them behind for the next test run
        os.kill(pid, signal.SIGKILL)
    assert not left, "chart workers outlived their parent"
