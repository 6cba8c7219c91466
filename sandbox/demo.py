"""The demo campaign, 春季新品上市, played out by its team through the sandbox as they would in Slack.

Nothing is written behind the bot's back: Maya plans the campaign in the modal naming David as its approver, sets
the emergency plan, the reporters with each source's share and budget, the KPI targets and the risk register, and
David approves it from the bot's DM (an owner never signs off their own campaign); Maya imports the team's 20-row
division-of-labour table; owners mark tasks done (one is blocked); for ten days the reporters answer their 17:00
prompts (Douyin lags and misses two days, so it falls behind its share of the pace and an incident is open: the risk
register's Douyin risk came true; Maya records its cause and Tom's adjustment, with ¥20,000 moved from the reserve to
channel promotion); the scheduler runs every moment that matters on the way. It ends on day 10 at 16:30 Shanghai
time, a milestone tomorrow, two complaints in the feedback (one resolved with Maya's reply, one assigned to Wang,
unanswered and escalated to Maya).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.kernel.i18n import t
from sandbox import demo_readiness
from sandbox.driver import DriverError, Person
from sandbox.runner import SandboxProcess
from sandbox.workspace import DAVID, LIN, MAYA, PRIYA, SAM, SPRING_LAUNCH, TOM, WANG
from storage.models import Campaign

log = logging.getLogger(__name__)

DEMO_NAME = "春季新品上市"
ZONE = ZoneInfo("Asia/Shanghai")
DAY = 10  # today is this day of the campaign
LENGTH = 30
SOURCES = ("微信 WeChat", "抖音 Douyin", "天猫 Tmall")
ADJUSTED_ON = DAY - 3  # the morning after the pace check opened the traffic incident (day 7's reports)
# Each source's planned share of the targets and its budget, as typed in the reporting setup
# (bot.plan.rules.source_plan).
SOURCE_PLANS = {SOURCES[0]: "40% ¥150,000", SOURCES[1]: "35% 15万", SOURCES[2]: "25% ¥100,000"}
# Who reports which source at what time of a campaign day (Shanghai time): Wang and Tom after their 17:00 prompts;
# Sam's Tmall figures close at midnight China time, he sends them at 20:30 Shanghai, his morning in New York.
REPORTING = ((WANG, SOURCES[0], 17, 50), (TOM, SOURCES[1], 18, 15), (SAM, SOURCES[2], 20, 30))


@dataclass(frozen=True)
class Figures:
    exposure: int
    clicks: int
    participants: int
    conversions: int
    sales: int
    spend: int
    new_customers: int = 0
    brand_searches: int | None = None  # WeChat's reporter reads the brand-search index for everyone



def demo_exists(process: SandboxProcess) -> bool:
    with process.services.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Campaign).where(Campaign.name == DEMO_NAME)) > 0


def database_is_empty(process: SandboxProcess) -> bool:
    with process.services.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Campaign)) == 0


def seed(process: SandboxProcess) -> None:
    """Play the demo; today (day 10) is the sandbox clock's date, in Shanghai."""
    began = time.monotonic()
    today = process.clock.now().astimezone(ZONE).date()
    start = today - timedelta(days=DAY - 1)
    if database_is_empty(process):
        # Messages about campaigns the database no longer has would only confuse; start the conversation afresh.
        process.store.wipe(keep_users=True, keep_channels=True)
    people = {p.id: process.person(p.id) for p in (MAYA, DAVID, WANG, SAM, PRIYA, TOM, LIN)}
    maya = people[MAYA.id]
    _at(process, start - timedelta(days=4), 10, 0, forward=False)
    _plan(maya, start)
    _risks(maya)
    _approve(people[DAVID.id])
    _at(process, start - timedelta(days=4), 10, 20)
    _import_table(maya, start)
    demo_readiness.add_milestones(maya, start)
    _at(process, start - timedelta(days=3), 11, 0)
    _work_on_tasks(people)
    demo_readiness.tick_checklist(maya)
    for offset in range(DAY):
        if offset == ADJUSTED_ON:
            _at(process, start + timedelta(days=offset), 10, 0)
            _adjust(maya, start + timedelta(days=offset))
        _report_day(process, people, start, offset)
        _follow_up_complaints(process, people, start, offset)
        if offset == demo_readiness.HIT_ON_DAY:
            demo_readiness.hit_milestone(people[SAM.id])
    _at(process, today, 16, 30)
    log.info("demo campaign %s seeded in %.1f s", DEMO_NAME, time.monotonic() - began)


def _at(process: SandboxProcess, day: date, hour: int, minute: int, *, forward: bool = True) -> None:
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)
    if forward:
        process.stepper.run_until(moment)
    else:
        process.clock.set(moment)


def _expect(outcome_ok: bool, what: str) -> None:
    if not outcome_ok:
        raise DriverError(f"the demo could not {what}")


def _plan(maya: Person, start: date) -> None:
    """Maya reads English: every label and button below is what her screen shows, from the bot's catalogue."""
    channel = SPRING_LAUNCH.id
    _expect(maya.say(channel, f"/campaign new {DEMO_NAME}").ok, "open the campaign form")
    _expect(maya.submit({
        t("lifecycle.field.theme"): "焕新春日 · Spring refresh",
            t("lifecycle.field.objective"): t("campaigns.objective.sales"),
        t("lifecycle.field.start"): start, t("lifecycle.field.end"): start + timedelta(days=LENGTH - 1),
        t("lifecycle.field.warmup_start"): start, t("lifecycle.field.burst_start"): start + timedelta(days=7),
        t("lifecycle.field.longtail_start"): start + timedelta(days=22),
        t("lifecycle.field.owner"): MAYA.id, t("lifecycle.field.approvers"): [DAVID.id],
            t("lifecycle.field.channel"): channel,
        t("lifecycle.field.budget"): "500,000",
        t("lifecycle.field.contingency"): "10", t("lifecycle.field.kpi_exposure"): "5,000,000",
            t("lifecycle.field.kpi_clicks"): "250,000",
        t("lifecycle.field.kpi_participants"): "60,000", t("lifecycle.field.kpi_conversions"): "8,000",
        t("lifecycle.field.kpi_sales"): "2,000,000", t("lifecycle.field.timezone"): {"value": "Asia/Shanghai",
                                                                                     "text": "Asia/Shanghai"},
    }).ok, "create the campaign")
    _expect(maya.press(channel, t("plan.button")).ok, "open the emergency plan")
    responders = {"equipment": TOM, "public_opinion": WANG, "traffic": TOM, "supply": SAM, "weather": PRIYA,
                  "safety": MAYA}
    plan: dict[str, object] = {t("plan.field.responder", kind=t(f"incidents.kind.{kind}")): who.id
                               for kind, who in responders.items()}
    plan[t("plan.field.sponsor")] = DAVID.id
    _expect(maya.submit(plan).ok, "save the emergency plan")
    _expect(maya.press(channel, t("reports.setup.button")).ok, "open the reporting setup")
    sources = "\n".join(f"{name} {SOURCE_PLANS[name]}" for name in SOURCES)
    _expect(maya.submit({t("reports.setup.reporters"): [WANG.id, TOM.id, SAM.id],
                         t("reports.setup.sources"): sources}).ok, "choose the reporters")
    # The handbook's sales targets beyond the totals: at least 40% new customers, brand searches up 30% on the
    # 2,000 a day before the campaign. The daily report then asks for new customers and brand searches.
    _expect(maya.say(channel, "/campaign targets").ok, "open the KPI targets")
    _expect(maya.submit({t("plan.targets.field.new_customer_share"): "≥40%",
                         t("plan.targets.field.brand_searches"): "+30%",
                         t("plan.targets.baseline.brand_searches"): "2,000"}).ok, "set the KPI targets")


def _approve(david: Person) -> None:
    """David signs off what Maya planned, targets and risks included: a change after his approval would send the
    campaign back to him."""
    _expect(david.press(david.dm, t("card.approve", david.locale)).ok, "approve the campaign")


# The risk register (风险预案表): the Douyin risk is the one that comes true (the pace check opens a traffic incident,
# whose card then shows Tom's prepared mitigation).
RISKS = (
    ("抖音流量不及预期 Douyin traffic below plan", "medium", "high",
     "当天分析原因，从应急备用金追加抖音投放并更换素材 / Same-day analysis; top up Douyin spend from the contingency "
     "and swap the creatives", TOM, "Participation 20% below pace two days running", "traffic"),
    ("主舞台大屏故障 Main stage screen fails", "low", "high",
     "备用屏和发电机在场，5 分钟内切换 / Backup screen and generator on site, switch within 5 minutes", TOM,
     "Screen flickers during the rehearsal", "equipment"),
    ("新品断货 New product sells out", "medium", "medium",
     "与备选供应商签好 48 小时补货协议 / Backup supplier signed for a 48-hour restock", SAM,
     "Stock under 500 units", "supply"),
)


def _risks(maya: Person) -> None:
    for title, likelihood, impact, mitigation, owner, trigger, kind in RISKS:
        _expect(maya.say(SPRING_LAUNCH.id, "/campaign risks").ok, "open the risk register")
        _expect(maya.submit({
            t("plan.risks.field.title"): title, t("plan.risks.field.likelihood"): t(f"plan.risks.level.{likelihood}"),
            t("plan.risks.field.impact"): t(f"plan.risks.level.{impact}"), t("plan.risks.field.mitigation"): mitigation,
            t("plan.risks.field.owner"): owner.id, t("plan.risks.field.trigger"): trigger,
            t("plan.risks.field.kind"): t(f"incidents.kind.{kind}"),
        }).ok, "add a risk")


def _table(start: date) -> str:
    """The team's sheet as pasted from Excel: Chinese headers, dates and owners written in several ways."""

    def md(offset: int) -> str:  # 5月10日
        day = start + timedelta(days=offset)
        return f"{day.month}月{day.day}日"

    def slash(offset: int) -> str:  # 2026/5/10
        day = start + timedelta(days=offset)
        return f"{day.year}/{day.month}/{day.day}"

    def iso(offset: int) -> str:
        return (start + timedelta(days=offset)).isoformat()

    rows = [
        ("确定活动主视觉", "Priya Nair", "设计组", md(-3), "市场经理审核通过", "筹备期", "含横版与竖版"),
        ("撰写新品发布文案", "王芳", "内容组", slash(-2), "三版备选文案", "筹备期", ""),
        ("搭建天猫活动页", "sam.rivera@example.com", "电商组", iso(-1), "页面上线并通过测试", "筹备期", ""),
        ("微信公众号预热推文", "王芳", "内容组", md(0), "阅读量≥2万", "预热期", "周二 20:00 推送"),
        ("抖音达人合作名单", "Tom Becker", "渠道组", md(1), "签约≥10位达人", "预热期", ""),
        ("小红书种草笔记", "Priya Nair", "设计组", slash(2), "30篇笔记上线", "预热期", ""),
        ("台灣門市 Facebook 貼文", "林雅婷", "台灣區", md(1), "台北、台中門市各 3 篇", "预热期", "繁體中文"),
        ("优惠券配置与测试", "Sam Rivera", "电商组", iso(3), "满减券测试通过", "预热期", "与财务确认券面额"),
        ("直播脚本定稿", "Maya Chen", "市场部", md(5), "脚本定稿并彩排", "爆发期", ""),
        ("抖音信息流投放", "tom.becker@example.com", "渠道组", md(DAY - 2), "日消耗≤2万，点击率≥1.5%", "爆发期", ""),
        ("直播带货日", "", "", md(DAY), "", "里程碑", "全员在线"),
        ("会员日短信推送", "Sam Rivera", "CRM", md(DAY), "触达10万会员", "爆发期", ""),
        ("直播间互动抽奖", "王芳", "内容组", md(DAY), "奖品清单与规则公示", "爆发期", ""),
        ("门店联动物料", "Priya Nair", "设计组、门店运营", slash(DAY + 2), "20家门店物料到位", "爆发期", ""),
        ("KOL二次传播", "Tom Becker", "渠道组", slash(DAY + 4), "二次传播≥15篇", "爆发期", ""),
        ("用户评价收集", "王芳", "客服部", iso(DAY + 6), "整理≥200条评价", "爆发期", ""),
        ("中期数据复盘", "Maya Chen", "市场部", iso(DAY + 5), "复盘会议纪要", "爆发期", ""),
        ("延续期返场活动方案", "Maya Chen", "市场部", md(DAY + 11), "方案评审通过", "延续期", ""),
        ("老客复购券", "Sam Rivera", "电商组、CRM", md(DAY + 14), "复购券核销率≥8%", "延续期", ""),
        ("数据收集截止", "", "", md(LENGTH - 1), "", "里程碑", ""),
        ("活动总结报告", "Maya Chen", "市场部", md(LENGTH - 1), "复盘报告提交管理层", "延续期", "含ROI与经验教训"),
    ]
    header = ("任务", "负责人", "协作部门", "完成时间", "交付标准", "阶段", "备注")
    return "\n".join("\t".join(row) for row in (header, *rows))


def _import_table(maya: Person, start: date) -> None:
    _expect(maya.say(SPRING_LAUNCH.id, "/campaign import").ok, "open the import")
    _expect(maya.submit({t("imports.field.table"): _table(start)}).ok or maya.has_modal(), "preview the table")
    preview = maya.modal()
    if not preview.data.get("submit"):  # no Confirm: the preview lists rows to fix
        raise DriverError(f"the demo table was refused: {preview.data.get('blocks')}")
    _expect(maya.submit({}).ok, "confirm the import")
    # Confirm answers in the modal ("Importing…", then what was imported); she reads it and closes it.
    for _ in range(3):
        if not maya.has_modal():
            break
        maya.close_modal()


def _adjust(maya: Person, day: date) -> None:
    """Maya records why Douyin fell behind its share and what Tom will do, moving ¥20,000 of the reserve to Douyin
    ads: the note lands in the incident's thread, Tom gets the task and a DM, and the 21:00 summaries check it (still
    behind, as its By source line says)."""
    _expect(maya.press(SPRING_LAUNCH.id, t("adjustments.button")).ok and maya.has_modal(), "open Cause & adjustment")
    _expect(maya.submit({
        t("adjustments.field.cause"): t("adjustments.cause.channel"),
        t("adjustments.field.happened"): "抖音信息流预算提前用完，两天没有投放；达人视频延期。",
        t("adjustments.field.adjustment"): "追加抖音信息流预算，达人视频改为本周五前上线",
        t("adjustments.field.owner"): TOM.id, t("adjustments.field.due"): day + timedelta(days=4),
        t("adjustments.field.extra"): "20,000", t("adjustments.field.line"): t("plan.budget.line.channel"),
    }).ok and not maya.has_modal(), "record the cause and adjustment")


def _work_on_tasks(people: dict[str, Person]) -> None:
    done = {
        PRIYA.id: ["确定活动主视觉"], WANG.id: ["撰写新品发布文案", "微信公众号预热推文"],
        SAM.id: ["搭建天猫活动页", "优惠券配置与测试"], TOM.id: ["抖音达人合作名单"], MAYA.id: ["直播脚本定稿"],
        LIN.id: ["台灣門市 Facebook 貼文"],
    }
    for user, titles in done.items():
        person = people[user]
        for title in titles:
            _expect(person.press(person.dm, t("tasks.button.done", person.locale), near=title).ok, f"mark {title} done")
    priya = people[PRIYA.id]
    _expect(priya.press(priya.dm, t("tasks.button.blocked"), near="小红书种草笔记").ok, "mark a task blocked")
    _expect(priya.submit({t("tasks.blocked.reason"): "等待品牌方确认产品卖点（已催两次）"}).ok, "say why it is blocked")


def _figures(source: str, offset: int) -> Figures | None:
    """Day `offset` (0 = the first day); Douyin lags far behind its share and misses two days."""
    wave = (offset * 37) % 11  # a steady but not flat week
    burst = 1.35 if offset >= 7 else 1.0
    if source == SOURCES[0]:
        base = Figures(72_000, 3_600, 980, 120, 31_000, 5_200)
    elif source == SOURCES[1]:
        if offset in (5, 8):
            return None
        base = Figures(38_000, 1_700, 260, 36, 9_500, 10_800)
    else:
        base = Figures(52_000, 3_000, 740, 135, 52_000, 4_100)
    scale = burst * (0.92 + wave / 70)
    figures = Figures(*(int(round(value * scale, -1 if value < 10_000 else -2)) for value in (
        base.exposure, base.clicks, base.participants, base.conversions, base.sales, base.spend)))
    # New customers run a little under the 40% target (37–39%); brand searches climb with the burst.
    new_customers = figures.conversions * (37 + offset % 3) // 100
    searches = int(round(2_000 * (1.15 + offset * 0.04) * (1.1 if offset >= 7 else 1.0), -1)) \
        if source == SOURCES[0] else None
    return replace(figures, new_customers=new_customers, brand_searches=searches)


FEEDBACK = {
    (SOURCES[0], 4): ("praise", "好几位用户说新品包装很好看，愿意分享到朋友圈。"),
    (SOURCES[0], 7): ("complaint", "优惠券在小程序里无法和会员折扣叠加，多位用户投诉结算金额不对。"),
    (SOURCES[2], 6): ("suggestion", "Shoppers ask for a bundle with the travel-size edition."),
    (SOURCES[1], 3): ("complaint", "Live-stream lottery page would not load; viewers asked where the winners are."),
}
RESOLVED_COMPLAINT = FEEDBACK[(SOURCES[1], 3)][1]
OPEN_COMPLAINT = FEEDBACK[(SOURCES[0], 7)][1]


def _report_day(process: SandboxProcess, people: dict[str, Person], start: date, offset: int) -> None:
    day = start + timedelta(days=offset)
    last = offset == DAY - 1
    # Reporters answer their 17:00 prompt (REPORTING). On day 10 only WeChat has reported so far, before 16:30.
    schedule = [(who.id, source, hour, minute) for who, source, hour, minute in REPORTING]
    if last:
        schedule = [(WANG.id, SOURCES[0], 16, 40)]
    for user, source, hour, minute in schedule:
        _at(process, day, hour, minute)
        figures = _figures(source, offset)
        if figures is None:
            continue
        _submit_report(people[user], day, source, figures, FEEDBACK.get((source, offset)))


def _follow_up_complaints(process: SandboxProcess, people: dict[str, Person], start: date, offset: int) -> None:
    """Maya answers the Douyin complaint the evening it came in (resolved, with her reply kept on its card) and gives
    the coupon complaint to Wang the next morning; nobody answers that one, so it is escalated to Maya after 24 h."""
    maya, channel = people[MAYA.id], SPRING_LAUNCH.id
    if offset == 3:
        _at(process, start + timedelta(days=offset), 21, 30)
        _expect(maya.press(channel, t("feedback.button.resolve"), near=RESOLVED_COMPLAINT[:30]).ok,
                "open the Resolve form of a complaint")
        _expect(maya.submit({t("feedback.field.reply"): "Fixed the lottery page; winners are pinned in the live room "
                                                        "and were told by SMS."}).ok, "resolve the complaint")
    elif offset == 8:
        _at(process, start + timedelta(days=offset), 9, 30)
        _expect(maya.press(channel, t("feedback.button.assign"), near=OPEN_COMPLAINT[:12]).ok,
                "open the Assign form of a complaint")
        _expect(maya.submit({t("feedback.field.assignee"): WANG.id}).ok, "assign the complaint")


def _submit_report(person: Person, day: date, source: str, figures: Figures,
                   feedback: tuple[str, str] | None) -> None:
    """Through the prompt's button when it is there, as people do; each in the language their screen shows."""
    locale = person.locale
    try:
        opened = person.press(person.dm, t("reports.prompt.button", locale))
    except DriverError:
        opened = person.say(SPRING_LAUNCH.id, "/campaign report")
    _expect(opened.ok and person.has_modal(), "open the daily report")
    values: dict[str, object] = {
        t("reports.field.day", locale): day, t("reports.field.source", locale): source,
        t("reports.field.exposure", locale): f"{figures.exposure:,}",
        t("reports.field.clicks", locale): f"{figures.clicks:,}",
        t("reports.field.participants", locale): f"{figures.participants:,}",
        t("reports.field.conversions", locale): f"{figures.conversions:,}",
        t("reports.field.sales", locale): f"{figures.sales:,}", t("reports.field.spend", locale): f"{figures.spend:,}",
        t("reports.field.new_customers", locale): f"{figures.new_customers:,}",
    }
    if figures.brand_searches is not None:
        values[t("reports.field.brand_searches", locale)] = f"{figures.brand_searches:,}"
    if feedback:
        kind, text = feedback
        values[t("reports.field.feedback", locale)] = text
        values[t("reports.field.feedback_type", locale)] = t(f"reports.feedback.{kind}", locale)
    _expect(person.submit(values).ok, f"submit the {source} report for {day}")
