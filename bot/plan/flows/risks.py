"""`/campaign risks`: the risk register (风险预案表) — the modal with the campaign's risks and the form to add one,
Edit on a risk, saving a checked risk; and the risks an incident card and the review read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.campaigns.service import audit
from bot.campaigns.service import campaigns as campaign_service
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, NotFound, UserRef
from bot.kernel.flow import once_per_submission
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.ids import Field
from bot.kernel.services import Services
from bot.plan.rules.risks import REGISTER_MAX, RiskDraft, RiskItem, check_risk
from bot.plan.service.risks import item_of
from bot.review.service.posting import people_of
from storage.models import Campaign, CampaignRisk
from storage.repositories import follow_through as repo

Answer = Callable[[], object]


@dataclass(frozen=True)
class Register:
    campaign_id: int
    name: str
    risks: tuple[RiskItem, ...]


def _editable(session: Session, campaign_id: int, actor: policy.Actor, *, for_update: bool = False) -> Campaign:
    campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id or "",
                                              for_update=for_update)
    _check(session, campaign, actor)
    return campaign


def _check(session: Session, campaign: Campaign, actor: policy.Actor) -> None:
    if not policy.can_edit_risks(actor, campaign, people_of(session, campaign)):
        raise NotAllowed("plan.risks.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)


def _register(session: Session, campaign: Campaign) -> Register:
    return Register(campaign.pk, campaign.name,
                    tuple(item_of(risk) for risk in repo.risks(session=session, campaign_id=campaign.pk)))


def register_named(services: Services, *, reference: str, channel_id: str | None, actor: policy.Actor) -> Register:
    """The register of the campaign named (or the channel's), for someone who may keep it."""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(session=session, team_id=actor.team_id or "",
                                                     reference=reference, channel_id=channel_id, sub="risks")
        campaign = _editable(session, campaign.pk, actor)
        return _register(session, campaign)


def risk_to_edit(services: Services, *, campaign_id: int, risk_id: int, actor: policy.Actor) -> RiskItem:
    with services.unit_of_work() as session:
        _editable(session, campaign_id, actor)
        risk = repo.risk(session=session, campaign_id=campaign_id, risk_id=risk_id)
        if risk is None:
            raise NotFound("plan.risks.gone")
        return item_of(risk)


def save_risk(services: Services, *, campaign_id: int, risk_id: int | None, texts: Mapping[str, str | None],
              submission: str, actor: policy.Actor, answer: Answer) -> None:
    """Add a risk (`risk_id` None) or change one, as typed; refused on its fields, nothing saved."""
    draft, errors = check_risk(texts)
    if draft is None:
        raise FormRejected(errors)

    def save(session: Session, now: datetime) -> list[str]:
        campaign = _editable(session, campaign_id, actor, for_update=True)
        if risk_id is None and repo.count_risks(session=session, campaign_id=campaign_id) >= REGISTER_MAX:
            raise FormRejected([FieldError(Field.RISK_TITLE, "plan.risks.error.full", {"max": REGISTER_MAX})])
        if risk_id is None:
            risk = CampaignRisk(campaign_id=campaign_id, created_by=actor.user_id, created_at=now, updated_at=now,
                                **_columns(draft))
            session.add(risk)
            session.flush()
            action, before = "added", None
        else:
            found = repo.risk(session=session, campaign_id=campaign_id, risk_id=risk_id)
            if found is None:
                raise NotFound("plan.risks.gone")
            risk, action, before = found, "changed", {"risk": found.title, "mitigation": found.mitigation}
            for name, value in _columns(draft).items():
                setattr(risk, name, value)
            risk.updated_at = now
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="risk",
                     object_id=risk.id, action=action, before=before,
                     after={"risk": risk.title, "mitigation": risk.mitigation})
        return []

    once_per_submission(services, submission=submission, answer=answer, work=save)


def _columns(draft: RiskDraft) -> dict[str, object]:
    return {"title": draft.title, "likelihood": draft.likelihood.value, "impact": draft.impact.value,
            "mitigation": draft.mitigation, "owner_id": draft.owner_id, "trigger": draft.trigger,
            "incident_kind": draft.incident_kind.value if draft.incident_kind else None}
