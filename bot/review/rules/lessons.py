"""Lessons (经验总结) a person adds to the review: what worked, what fell short, what to do next time. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.kernel.forms import FieldError

LESSON_MAX = 3000
FIELDS = ("worked", "fell_short", "next_time")


@dataclass(frozen=True)
class LessonDraft:
    worked: str
    fell_short: str
    next_time: str


def check_lessons(worked: str, fell_short: str, next_time: str) -> tuple[LessonDraft | None, list[FieldError]]:
    """Each part optional and at most LESSON_MAX characters; at least one must say something."""
    texts = {"worked": worked.strip(), "fell_short": fell_short.strip(), "next_time": next_time.strip()}
    errors = [FieldError(f"lesson_{name}", "form.error.too_long", {"limit": LESSON_MAX})
              for name, text in texts.items() if len(text) > LESSON_MAX]
    if not errors and not any(texts.values()):
        errors.append(FieldError("lesson_worked", "review.lessons.error.empty"))
    if errors:
        return None, errors
    return LessonDraft(**texts), []
