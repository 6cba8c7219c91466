"""What other parts read of the risk register and the satisfaction answers: the mitigations prepared for an
incident's kind (its card), which risks came true and the average score (the review). Steps that take the caller's
session."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import object_session
from sqlmodel import Session

from bot.plan.rules.risks import RiskItem, RiskOutcome, prepared_for, risk_outcomes
from storage.models import Campaign, CampaignRisk, Incident
from storage.repositories import follow_through as repo


def item_of(risk: CampaignRisk) -> RiskItem:
    return RiskItem(id=risk.pk, title=risk.title, likelihood=risk.likelihood, impact=risk.impact,
                    mitigation=risk.mitigation, owner_id=risk.owner_id, trigger=risk.trigger,
                    incident_kind=risk.incident_kind)


def prepared_for_incident(incident: Incident) -> list[RiskItem]:
    """The mitigations the register prepared for this incident's kind. Read in the session the incident was loaded
    in (every card is drawn inside the transaction that changed the incident), so the card's callers stay as
    they are; an incident outside any session shows none."""
    session = object_session(incident)
    if session is None:
        return []
    return prepared_for([item_of(risk) for risk in repo.risks(session=session, campaign_id=incident.campaign_id)],
                        incident.kind)


def outcomes(session: Session, campaign: Campaign) -> tuple[RiskOutcome, ...]:
    """For the review: each risk, and whether an incident of its kind was reported during the campaign."""
    zone = ZoneInfo(campaign.timezone)
    campaign_id = campaign.pk
    days = [(kind, at.astimezone(zone).date()) for kind, at in repo.incident_moments(session=session,
                                                                                      campaign_id=campaign_id)]
    risks = [item_of(risk) for risk in repo.risks(session=session, campaign_id=campaign_id)]
    return tuple(risk_outcomes(risks, days, start=campaign.start_date, end=campaign.end_date))


