"""Logging set-up: plain text for people, or one JSON object a line for log collectors
(`CAMPAIGNBOT_LOG_FORMAT=json`).

Every line carries the request id (set by the HTTP layer) and the campaign id (set by scheduler passes while a
campaign's rows are processed) when there is one. They live in context variables, which follow the request into
worker threads: Starlette copies the context into its thread pool, and the listener executor does the same
(`ContextThreadPool`).
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.kernel.config import Settings

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
campaign_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("campaign_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Attributes every LogRecord has; anything else was passed with `extra=` and belongs in the JSON object.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextmanager
def campaign_context(value: int | None) -> Iterator[None]:
    """Log lines inside name this campaign."""
    token = campaign_id.set(value)
    try:
        yield
    finally:
        campaign_id.reset(token)


def error_summary(error: BaseException, *, frames: int = 6) -> str:
    """What an error was and where it was raised — its type (and its causes' types) and the innermost frames as
    file:line in function — but never its message: that may quote what a person typed (openpyxl's
    IllegalCharacterError quotes the whole cell, matplotlib the text it could not parse, a database error the
    statement's parameters). For log lines about failures on people's data."""
    kinds: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(kinds) < 4:
        kinds.append(f"{type(seen).__module__}.{type(seen).__qualname__}".removeprefix("builtins."))
        seen = seen.__cause__ or (None if seen.__suppress_context__ else seen.__context__)
    where = [f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
             for frame in traceback.extract_tb(error.__traceback__)[-frames:]]
    return " ← ".join(kinds) + (f" at {' < '.join(reversed(where))}" if where else "")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id, campaign_id, exception,
    and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, var in (("request_id", request_id), ("campaign_id", campaign_id)):
            value = getattr(record, name, None) or var.get()
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)


def make_formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def configure_logging(settings: Settings, *, stream: Any = None) -> logging.Handler:
    """One handler on the root logger in the chosen format; uvicorn's and Bolt's loggers propagate to it (serve
    uvicorn with `log_config=None` so it does not install text handlers of its own)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(make_formatter(settings.log_format))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # Alembic (1.18 and later) logs each built-in plugin it registers on import ("setup plugin …"), at every start.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    return handler


class ContextThreadPool(ThreadPoolExecutor):
    """A thread pool whose tasks run in the submitter's context, so a listener's log lines keep the request id."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)
