"""The sandbox page: a Slack-like window rendered on the server, refreshed in fragments by a small script.

The chrome is English; messages, modals and App Home are whatever the bot wrote for each person. The
accessible names here are what README.md ("Quick start") shows a newcomer and what tests/sandbox/test_browser.py
finds things by: the "User" combobox, channel buttons named
`#name`, the "Home" tab, the "Message" textbox, messages as articles, "Only visible to you", modals as
dialogs, the clock with "Next hour" and "Next day".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from bot.kernel.i18n import language_of
from sandbox.records import Message, ViewRecord
from sandbox.render.blocks import RenderContext, render_blocks
from sandbox.render.lang import blocks_text, locale_lang, text_lang
from sandbox.render.mrkdwn import TextContext, mrkdwn
from sandbox.store import SandboxStore
from sandbox.webapi_shapes import Workspace

HOME = "home"
SLACKBOT = "USLACKBOT"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    tz: str
    locale: str


def person(user: dict[str, Any]) -> Person:
    profile = user.get("profile") or {}
    name = (profile.get("display_name") or user.get("real_name") or profile.get("real_name") or user.get("name")
            or user["id"])
    return Person(id=user["id"], name=str(name), tz=str(user.get("tz") or "UTC"),
                  locale=str(user.get("locale") or "en-US"))


class PageRenderer:
    def __init__(self, store: SandboxStore, workspace: Workspace) -> None:
        self.store = store
        self.workspace = workspace

    # --- who is looking -------------------------------------------------------------------------------------
    def people(self) -> list[Person]:
        return [person(user) for user in self.store.users() if not user.get("is_bot") and not user.get("deleted")]

    def viewer(self, user_id: str | None) -> Person:
        people = self.people()
        return next((p for p in people if p.id == user_id), people[0] if people else
                    Person(id="U_NOBODY", name="Nobody", tz="UTC", locale="en-US"))

    def name_of(self, user_id: str) -> str | None:
        if user_id == self.workspace.bot_user_id:
            return self.workspace.bot_name
        if user_id == SLACKBOT:
            return "Slackbot"
        found = self.store.user(user_id)
        return person(found).name if found else None

    def locale_of(self, user_id: str | None) -> str | None:
        found = self.store.user(user_id) if user_id else None
        return person(found).locale if found else None

    def message_lang(self, message: Message) -> str:
        """The bot writes a direct or ephemeral message in its reader's language; other text shows its own."""
        if message.bot:
            channel = self.store.channel(message.channel)
            reader = message.visible_to or (channel.im_user if channel is not None and channel.is_im else None)
            locale = self.locale_of(reader)
            if locale:
                return locale_lang(locale)
        text = message.text or blocks_text(message.blocks or [])
        return text_lang(text, hint=None if message.bot else self.locale_of(message.user))

    def context(self, viewer: Person, now: datetime, *, scope: str, errors: dict[str, str] | None = None,
                in_form: bool = False) -> RenderContext:
        def channel_name(channel_id: str) -> str | None:
            found = self.store.channel(channel_id)
            return found.name if found and not found.is_im else None

        text = TextContext(user_name=self.name_of, channel_name=channel_name, tz=viewer.tz, now=now)
        return RenderContext(
            text=text, users=[(p.id, p.name) for p in self.people()],
            channels=[(c.id, c.name) for c in self.store.channels()], errors=errors or {}, scope=scope,
            in_form=in_form,
        )

    # --- fragments ------------------------------------------------------------------------------------------------
    def sidebar(self, viewer: Person, current: str) -> Markup:
        unread = self.store.unread(viewer.id)
        visible = [c for c in self.store.channels() if not c.is_private or self.store.is_member(c.id, viewer.id)]
        items = []
        for channel in visible:
            items.append(self._nav_button(f"#{channel.name}", channel.id, current == channel.id,
                                          unread.get(channel.id, 0)))
        im = self.store.channel("D" + viewer.id[1:])
        dm_unread = unread.get(im.id, 0) if im else 0
        dms = self._nav_button(self.workspace.bot_name, "D" + viewer.id[1:], current == "D" + viewer.id[1:], dm_unread,
                               label=f"Direct messages with {self.workspace.bot_name}")
        home = self._nav_button("Home", HOME, current == HOME, 0, label="Home", css="home-link")
        return Markup(
            '<nav aria-label="Conversations"><h2 class="nav-heading">Channels</h2><ul>{}</ul>'
            '<h2 class="nav-heading">Direct messages</h2><ul>{}</ul>'
            '<h2 class="nav-heading">Apps</h2><ul>{}</ul></nav>'
        ).format(Markup("").join(items), dms, home)

    @staticmethod
    def _nav_button(text: str, target: str, current: bool, unread: int, *, label: str | None = None,
                    css: str = "") -> Markup:
        badge = Markup('<span class="badge" aria-label="{} unread">{}</span>').format(unread, unread) if unread else ""
        return Markup('<li><button type="button" class="nav-item {}{}" data-open="{}"{}{}>{}{}</button></li>').format(
            css, " current" if current else "", target, Markup(' aria-current="page"') if current else "",
            Markup(' aria-label="{}"').format(label) if label else "", text, badge)

    def opening_channel(self, viewer: Person) -> str | None:
        """Where a first visit opens: the channel with the newest message this person can see (the demo
        campaign's story, not an empty #general), else the first channel."""
        channels = [c for c in self.store.channels() if not c.is_private or self.store.is_member(c.id, viewer.id)]
        newest = [(latest[-1].id, c.id) for c in channels if (latest := self.store.messages(c.id, viewer=viewer.id,
                                                                                          limit=1))]
        if newest:
            return max(newest)[1]
        return channels[0].id if channels else None

    def conversation(self, viewer: Person, channel_id: str, now: datetime) -> Markup:
        channel = self.store.channel(channel_id)
        if channel is None or (channel.is_im and channel.im_user != viewer.id):
            return Markup('<p class="empty">Choose a conversation.</p>')
        title = f"#{channel.name}" if not channel.is_im else self.workspace.bot_name
        messages = self.store.messages(channel.id, viewer=viewer.id)
        ctx = self.context(viewer, now, scope="msg")
        tabs = self._app_tabs(current="messages") if channel.is_im else Markup("")
        topic = Markup('<p class="topic">{}</p>').format(channel.topic) if channel.topic else Markup("")
        body = self.messages(messages, viewer, ctx) if messages else Markup(
            '<p class="empty">No messages yet. Try <code>/campaign help</code>.</p>')
        return Markup(
            '<header class="conversation-header"><h1>{}</h1>{}{}</header>'
            '<section class="messages" aria-label="Messages in {}" data-channel="{}">{}</section>'
        ).format(title, topic, tabs, title, channel.id, body)

    def messages(self, messages: list[Message], viewer: Person, ctx: RenderContext) -> Markup:
        rendered = []
        last_day = None
        zone = ZoneInfo(viewer.tz)
        for message in messages:
            day = message.posted_at.astimezone(zone).date()
            if day != last_day:
                rendered.append(Markup('<div class="day-divider" role="separator"><span>{}</span></div>').format(
                    f"{day:%A}, {day:%B} {day.day}, {day.year}"))
                last_day = day
            rendered.append(self.message(message, viewer, ctx))
        return Markup("").join(rendered)

    def message(self, message: Message, viewer: Person, ctx: RenderContext) -> Markup:
        sender = self.name_of(message.user) or message.user
        local = message.posted_at.astimezone(ZoneInfo(viewer.tz))
        ctx.scope = f"msg-{message.id}"
        badge = Markup('<span class="app-badge">APP</span>') if message.bot and message.user != SLACKBOT else ""
        ephemeral = Markup('<p class="ephemeral-note">Only visible to you</p>') if message.visible_to else ""
        if message.blocks:
            body = Markup('<div class="blocks">{}</div>').format(render_blocks(message.blocks, ctx))
        elif message.text:
            body = Markup('<div class="text">{}</div>').format(mrkdwn(message.text, ctx.text))
        else:  # a file shared without a comment
            body = Markup("")
        files = Markup("").join(self._file(item) for item in message.files)
        thread = Markup(' <span class="thread-note">reply in thread</span>') if message.thread_ts else ""
        css = "message" + (" ephemeral" if message.visible_to else "") + (" from-bot" if message.bot else "")
        return Markup(
            '<article class="{}" lang="{}" aria-label="{} at {}" data-channel="{}" data-ts="{}">'
            '<div class="avatar" aria-hidden="true">{}</div><div class="message-body">{}'
            '<header><span class="sender">{}</span>{}<time datetime="{}">{}</time>{}{}</header>{}{}</div></article>'
        ).format(css, self.message_lang(message), sender, f"{local:%H:%M}", message.channel, message.ts,
                 sender[:1].upper(), ephemeral, sender,
                 badge, message.posted_at.isoformat(), f"{local:%H:%M}", thread,
                 Markup(' <span class="edited">(edited)</span>') if message.edited else "", body, files)

    def _file(self, item: dict[str, Any]) -> Markup:
        file_id = str(item.get("id") or "")
        title = str(item.get("title") or item.get("name") or "file")
        url = f"/ui/files/{file_id}"
        if str(item.get("mimetype") or "").startswith("image/"):
            stored = self.store.file(file_id)
            size = _png_size(stored.content if stored else None)
            # The picture's size up front: a chart loading later must not move what a scrolled-up reader reads.
            dimensions = Markup(' width="{}" height="{}"').format(*size) if size else ""
            return Markup('<figure class="file image"><img src="{}" alt="{}"{} loading="lazy"><figcaption>'
                          '<a href="{}" download="{}">{}</a></figcaption></figure>').format(
                url, title, dimensions, url, item.get("name") or title, title)
        size = int(item.get("size") or 0)
        return Markup('<p class="file"><a href="{}" download="{}">📎 {}</a> <span class="size">{}</span></p>').format(
            url, item.get("name") or title, title, _size(size))

    def home(self, viewer: Person, now: datetime) -> Markup:
        record = self.store.home(viewer.id)
        tabs = self._app_tabs(current="home")
        if record is None:
            body = Markup('<p class="empty">Loading the Home tab…</p>')
            revision = ""
        else:
            ctx = self.context(viewer, now, scope=f"home-{record.id}", in_form=True)
            body = render_blocks(record.data.get("blocks") or [], ctx)
            revision = f"{record.id}:{record.revision}"
        return Markup(
            '<header class="conversation-header"><h1>{}</h1>{}</header>'
            '<section class="home" lang="{}" aria-label="{} Home" data-view-id="{}" data-revision="{}">{}</section>'
        ).format(self.workspace.bot_name, tabs, locale_lang(viewer.locale), self.workspace.bot_name,
                 record.id if record else "", revision, body)

    def _app_tabs(self, *, current: str) -> Markup:
        def tab(name: str, target: str, key: str) -> Markup:
            selected = "true" if key == current else "false"
            return Markup('<button type="button" role="tab" class="tab" aria-selected="{}" data-open="{}">{}</button>'
                          ).format(selected, target, name)

        return Markup('<div class="tabs" role="tablist" aria-label="App tabs">{}{}</div>').format(
            tab("Home", HOME, "home"), tab("Messages", "dm", "messages"))

    def modal(self, viewer: Person, now: datetime) -> tuple[Markup, str]:
        """The person's top modal as a dialog, and a revision the script uses to know when to redraw it."""
        stack = self.store.modal_stack(viewer.id)
        if not stack:
            return Markup(""), ""
        record = stack[-1]
        return self.dialog(record, viewer, now, depth=len(stack)), f"{record.id}:{record.revision}"

    def dialog(self, record: ViewRecord, viewer: Person, now: datetime, *, depth: int = 1) -> Markup:
        data = record.data
        ctx = self.context(viewer, now, scope=f"view-{record.id}", errors=record.errors, in_form=True)
        title = _plain(data.get("title"))
        submit = _plain(data.get("submit"))
        close = _plain(data.get("close")) or "Cancel"
        notice = Markup('<p class="modal-notice" role="alert">{}</p>').format(record.notice) if record.notice else ""
        back = Markup('<span class="stack-depth">{} of {}</span>').format(depth, depth) if depth > 1 else ""
        submit_button = Markup('<button type="submit" class="btn btn-primary">{}</button>').format(submit) \
            if submit else Markup("")
        return Markup(
            '<dialog class="modal" lang="{}" aria-labelledby="title-{}" data-view-id="{}" data-revision="{}:{}">'
            '<form class="modal-form" novalidate><header><h2 id="title-{}">{}</h2>{}</header>{}'
            '<div class="modal-body">{}</div>'
            '<footer><button type="button" class="btn" data-close-view="{}">{}</button>{}</footer></form></dialog>'
        ).format(locale_lang(viewer.locale), record.id, record.id, record.id, record.revision, record.id, title, back,
                 notice,
                 render_blocks(data.get("blocks") or [], ctx), record.id, close, submit_button)

    @staticmethod
    def clock(now: datetime, viewer: Person) -> Markup:
        local = now.astimezone(ZoneInfo(viewer.tz))
        return Markup(
            '<time class="clock-time" datetime="{}" aria-live="polite">{}</time>'
            '<span class="clock-zone">{} · {}</span>'
        ).format(now.isoformat(), f"{local:%a %d %b %Y %H:%M}", viewer.tz, _offset(local))

    def user_options(self, viewer: Person) -> Markup:
        return Markup("").join(
            Markup('<option value="{}" lang="{}"{}>{}</option>').format(
                p.id, text_lang(p.name, hint=p.locale), Markup(" selected") if p.id == viewer.id else "",
                f"{p.name} — {_place(p)}")
            for p in self.people())


def _offset(local: datetime) -> str:
    """UTC+08:00, as people read an offset."""
    offset = local.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


def _plain(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return str(obj or "")


def _place(p: Person) -> str:
    language = {"zh_Hans": "简体中文", "zh_Hant": "繁體中文"}.get(language_of(p.locale), "English")
    city = p.tz.rsplit("/", 1)[-1].replace("_", " ")
    return f"{language}, {city}"


def _png_size(content: bytes | None) -> tuple[int, int] | None:
    """Width and height from a PNG's header (the charts are PNGs); None for anything else."""
    if not content or len(content) < 24 or not content.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"
