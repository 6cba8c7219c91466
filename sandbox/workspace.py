"""The sandbox's workspace: the people and channels a newcomer meets, the same on every machine.

Six people: a campaign owner, an executive sponsor (a workspace admin), a social-media lead who reads
Chinese, an e-commerce analyst in New York, a designer and a performance marketer. Ids are fixed so the demo
campaign and the people always match.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.records import Channel
from sandbox.store import SandboxStore
from sandbox.webapi_shapes import Workspace

SANDBOX_WORKSPACE = Workspace(
    team_id="TSANDBOX", team_domain="campaignbot-sandbox", team_name="campaignbot sandbox",
    bot_user_id="UCAMPAIGNBOT", bot_id="BCAMPAIGNBOT", app_id="ACAMPAIGNBOT", bot_name="campaignbot",
)


@dataclass(frozen=True)
class SandboxPerson:
    id: str
    handle: str
    display_name: str
    real_name: str
    title: str
    tz: str
    locale: str
    is_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.handle}@example.com"

    def slack_user(self) -> dict[str, object]:
        return {
            "id": self.id, "team_id": SANDBOX_WORKSPACE.team_id, "name": self.handle, "real_name": self.real_name,
            "deleted": False, "is_bot": False, "is_admin": self.is_admin, "is_owner": False,
            "tz": self.tz, "tz_label": self.tz, "locale": self.locale,
            "profile": {"display_name": self.display_name, "real_name": self.real_name, "title": self.title,
                        "email": self.email},
        }


MAYA = SandboxPerson("U01MAYA", "maya.chen", "Maya Chen", "Maya Chen", "Marketing manager", "Asia/Shanghai", "en-US")
DAVID = SandboxPerson("U02DAVID", "david.wu", "David Wu", "David Wu", "VP Marketing", "Asia/Shanghai", "en-US",
                      is_admin=True)
WANG = SandboxPerson("U03WANG", "wang.fang", "王芳", "王芳 (Wang Fang)", "社交媒体主管", "Asia/Shanghai", "zh-CN")
SAM = SandboxPerson("U04SAM", "sam.rivera", "Sam Rivera", "Sam Rivera", "E-commerce analyst", "America/New_York",
                    "en-US")
PRIYA = SandboxPerson("U05PRIYA", "priya.nair", "Priya Nair", "Priya Nair", "Design lead", "Asia/Shanghai", "en-US")
TOM = SandboxPerson("U06TOM", "tom.becker", "Tom Becker", "Tom Becker", "Performance marketing", "Asia/Shanghai",
                    "en-US")
# Runs the campaign's Taiwan stores; her Slack is zh-TW, so the bot writes to her in Traditional Chinese.
LIN = SandboxPerson("U07LIN", "lin.yating", "林雅婷", "林雅婷 (Lin Ya-ting)", "台灣區行銷專員", "Asia/Taipei", "zh-TW")
PEOPLE = (MAYA, DAVID, WANG, SAM, PRIYA, TOM, LIN)

GENERAL = Channel(id="C01GENERAL", name="general", topic="Company-wide announcements")
SPRING_LAUNCH = Channel(id="C02SPRING", name="spring-launch", topic="春季新品上市 · spring product launch")
CHANNELS = (GENERAL, SPRING_LAUNCH)


def ensure_workspace(store: SandboxStore) -> None:
    """People and channels exist; nothing else is touched, so a restart keeps the conversation."""
    ws = SANDBOX_WORKSPACE
    if store.user(ws.bot_user_id) is None:
        store.put_user({"id": ws.bot_user_id, "team_id": ws.team_id, "name": ws.bot_name, "real_name": ws.bot_name,
                        "deleted": False, "is_bot": True, "tz": "UTC", "locale": "en-US",
                        "profile": {"display_name": ws.bot_name, "real_name": ws.bot_name, "bot_id": ws.bot_id}})
    for p in PEOPLE:
        if store.user(p.id) is None:
            store.put_user(p.slack_user())
    everyone = [p.id for p in PEOPLE]
    for channel in CHANNELS:
        if store.channel(channel.id) is None:
            store.put_channel(channel, [*everyone, ws.bot_user_id])
    for p in PEOPLE:
        store.im_for(p.id)
