"""The review (复盘) at a campaign's end, or so far: facts in, a Review value out. Pure domain."""

from bot.review.rules.compare import CompareRow, compare_reviews
from bot.review.rules.compute import build_review
from bot.review.rules.facts import IncidentFact, LessonFact, ReviewInput, TaskFact
from bot.review.rules.results import (
    BudgetLineResult,
    BudgetReview,
    Comment,
    FeedbackReview,
    Finding,
    IncidentReview,
    KpiResult,
    Review,
    SourceResult,
    TaskReview,
)
from bot.review.rules.subject import ReviewPackage, ReviewSubject

__all__ = [
    "BudgetLineResult", "BudgetReview", "Comment", "CompareRow", "FeedbackReview", "Finding", "IncidentFact",
    "IncidentReview", "KpiResult", "LessonFact", "Review", "ReviewInput", "ReviewPackage", "ReviewSubject",
    "SourceResult", "TaskFact", "TaskReview", "build_review", "compare_reviews",
]
