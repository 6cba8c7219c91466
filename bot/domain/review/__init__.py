"""The review (复盘) at a campaign's end, or so far: facts in, a Review value out. Pure domain."""

from bot.domain.review.compare import CompareRow, compare_reviews
from bot.domain.review.compute import build_review
from bot.domain.review.facts import IncidentFact, LessonFact, ReviewInput, TaskFact
from bot.domain.review.results import (
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
from bot.domain.review.subject import ReviewPackage, ReviewSubject

__all__ = [
    "BudgetLineResult", "BudgetReview", "Comment", "CompareRow", "FeedbackReview", "Finding", "IncidentFact",
    "IncidentReview", "KpiResult", "LessonFact", "Review", "ReviewInput", "ReviewPackage", "ReviewSubject",
    "SourceResult", "TaskFact", "TaskReview", "build_review", "compare_reviews",
]
