"""How long a 2,000-row division-of-labour table takes from submission to preview.

The table arrives as a CSV file (Slack caps pasted text at 3,000 characters), owners are resolved against a
1,000-member workspace served by the local Slack stand-in, and the whole view_submission is timed through
the real HTTP app: files.info, the download, one users.list walk, parsing, validation, the re-import plan,
the pending import row and the preview view. Goal: ≤ 1 s, with exactly one users.list walk.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.session import make_session_factory
from tests.support import payloads
from tests.support.databases import migrated_engine
from tests.support.harness import BotHarness, response_json
from tests.support.slack_standin import SlackStandIn

ROWS = 2000
MEMBERS = 1000
RUNS = 5
GOAL_SECONDS = 1.0


def make_table() -> bytes:
    lines = ["任务,负责人,协作部门,完成时间,交付标准,阶段"]
    phases = ["预热期", "爆发期", "长尾期"]
    for row in range(ROWS):
        owner = f"Member {row % MEMBERS:04d}"
        lines.append(f"任务 {row},{owner},市场部,5月{1 + row % 28}日,交付 {row},{phases[row % 3]}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> int:
    standin = SlackStandIn()
    for member in range(MEMBERS):
        standin.add_member(f"U{member:06d}", f"Member {member:04d}", email=f"m{member}@example.com")
    table = make_table()
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as workdir, migrated_engine("sqlite", Path(workdir)) as engine:
        bot = BotHarness(standin=standin, session_factory=make_session_factory(engine),
                         now=datetime(2026, 4, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
        assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
        metadata = ModalMetadata(campaign_id=1).dump()
        for run in range(RUNS + 1):
            standin.add_file("F_TABLE", "分工表.csv", table)
            standin.reset_calls()
            started = time.perf_counter()
            response = bot.submit(View.IMPORT_TABLE, payloads.table_values(file_ids=("F_TABLE",)),
                                  private_metadata=metadata)
            elapsed = time.perf_counter() - started
            body = response_json(response)
            if body.get("response_action") != "push":
                print(f"unexpected answer: {body}")
                return 1
            walks = standin.methods().count("users.list")
            if run:  # the first run warms imports and caches
                timings.append(elapsed)
    standin.close()
    median = statistics.median(timings)
    print(f"rows {ROWS}, workspace members {MEMBERS}, users.list pages per import {walks} "
          f"(one walk of {MEMBERS // standin.users_page_size} pages at 200 per page)")
    print(f"submission → preview: median {median * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms over {RUNS} runs")
    print(f"goal <= {GOAL_SECONDS:.1f} s: {'met' if max(timings) <= GOAL_SECONDS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
