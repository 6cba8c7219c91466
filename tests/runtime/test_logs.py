"""The JSON log format: one object a line, with the ids of the request and campaign in hand."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.kernel import logs
from bot.kernel.config import Settings


def _record(message: str = "hello %s", *args: object, exc_info: object = None, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("campaignbot.test", logging.WARNING, __file__, 1, message, args or ("world",),
                               exc_info)  # type: ignore[arg-type]
    record.__dict__.update(extra)
    return record


def test_a_line_is_one_json_object_with_the_basics() -> None:
    line = logs.JsonFormatter().format(_record())
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hello world"
    assert (entry["level"], entry["logger"]) == ("WARNING", "campaignbot.test")
    assert entry["time"].endswith("+00:00")
    assert "request_id" not in entry and "campaign_id" not in entry


def test_ids_come_from_the_context() -> None:
    token = logs.request_id.set("r-1")
    try:
        with logs.campaign_context(42):
            entry = json.loads(logs.JsonFormatter().format(_record()))
        after = json.loads(logs.JsonFormatter().format(_record()))
    finally:
        logs.request_id.reset(token)
    assert (entry["request_id"], entry["campaign_id"]) == ("r-1", 42)
    assert after["request_id"] == "r-1" and "campaign_id" not in after


def test_exceptions_and_extra_fields_stay_inside_the_line() -> None:
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        import sys

        record = _record(exc_info=sys.exc_info(), outbox_key="task:1", attempts=3)
    line = logs.JsonFormatter().format(record)
    assert line.count("\n") == 0
    entry = json.loads(line)
    assert "ValueError: bad" in entry["exception"] and "Traceback" in entry["exception"]
    assert (entry["outbox_key"], entry["attempts"]) == ("task:1", 3)


def test_chinese_is_written_as_is() -> None:
    assert "活动" in logs.JsonFormatter().format(_record("%s", "活动"))


@pytest.mark.parametrize(("log_format", "json_lines"), [("json", True), ("text", False)])
def test_configure_logging_installs_one_root_handler(log_format: str, json_lines: bool) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    try:
        logs.configure_logging(Settings(log_format=log_format), stream=stream)
        logging.getLogger("uvicorn.error").warning("started")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    [line] = stream.getvalue().splitlines()
    assert line.startswith("{") is json_lines
    assert "started" in line


def test_the_listener_pool_keeps_the_request_id() -> None:
    pool = logs.ContextThreadPool(max_workers=1)
    token = logs.request_id.set("r-7")
    try:
        future = pool.submit(logs.request_id.get)
    finally:
        logs.request_id.reset(token)
    assert future.result(timeout=5) == "r-7"
    assert pool.submit(logs.request_id.get).result(timeout=5) is None
    pool.shutdown()
