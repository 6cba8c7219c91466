"""Understand the phase column (阶段): execution phases, preparation, or a milestone row."""

from dataclasses import dataclass

from bot.campaigns.rules.campaign import Phase
from bot.imports.rules.text import term_key

_PHASE_WORDS: dict[Phase, tuple[str, ...]] = {
    Phase.PREPARATION: ("筹备", "筹备期", "准备", "准备期", "preparation", "prep"),
    Phase.WARMUP: ("预热", "预热期", "warm-up", "warmup"),
    Phase.BURST: ("爆发", "爆发期", "burst", "launch"),
    Phase.LONGTAIL: ("延续", "延续期", "长尾", "长尾期", "long tail", "long-tail"),
}
# Keys fold Traditional script to Simplified (term_key): 預熱期, 爆發期, 延續期, 裡程碑 match too.
_LOOKUP: dict[str, Phase] = {
    term_key(word): phase for phase, words in _PHASE_WORDS.items() for word in words
}
_MILESTONE_WORDS = frozenset(term_key(w) for w in ("里程碑", "Milestone", "节点", "关键节点"))


@dataclass(frozen=True)
class PhaseInfo:
    phase: Phase | None
    label: str | None  # the text as written, kept only when it names no known phase
    is_milestone: bool = False


def classify_phase(text: str) -> PhaseInfo:
    text = text.strip()
    if not text:
        return PhaseInfo(None, None)
    key = term_key(text)
    if key in _MILESTONE_WORDS:
        return PhaseInfo(None, None, is_milestone=True)
    phase = _LOOKUP.get(key)
    return PhaseInfo(phase, None if phase else text)
