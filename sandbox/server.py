"""The sandbox's HTTP face, on 127.0.0.1 only: the Web API the bot calls, and the page a person uses.

`/api/<method>`, `/upload/<file>`, `/files/<file>` and `/response/<token>` are Slack's side; `/` and `/ui/*`
are the page and the gestures it sends. Gestures run off the event loop, because each one waits for the
bot, and the bot calls back into `/api/` while it works.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.runtime.http_guard import TooLarge, read_limited
from sandbox.client import GestureError, SlackClient
from sandbox.clock import SandboxClock
from sandbox.guard import LoopbackOnly
from sandbox.limits import MAX_API_BYTES, MAX_BOT_UPLOAD_BYTES, MAX_UPLOAD_BYTES
from sandbox.render.page import HOME, PageRenderer
from sandbox.stepper import StepReport
from sandbox.store import SandboxStore
from sandbox.webapi import SlackWebAPI
from sandbox.webapi_shapes import parse_body

STATIC = Path(__file__).parent / "static"
STEPS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


@dataclass
class Sandbox:
    store: SandboxStore
    api: SlackWebAPI
    client: SlackClient
    clock: SandboxClock
    advance: Callable[[timedelta], StepReport] | None = None

    @property
    def page(self) -> PageRenderer:
        return PageRenderer(self.store, self.api.workspace)


def build_sandbox_app(sandbox: Sandbox) -> LoopbackOnly:
    page = sandbox.page

    # --- Slack's side -------------------------------------------------------------------------------------
    async def web_api(request: Request) -> Response:
        try:
            raw = (await read_limited(request, MAX_API_BYTES)).decode("utf-8", errors="replace")
        except TooLarge:
            return JSONResponse({"ok": False, "error": "request_too_large"}, status_code=413)
        try:
            body = parse_body(raw, request.headers.get("content-type", ""))
        except json.JSONDecodeError:
            return JSONResponse({"ok": False, "error": "invalid_json"})
        body.update({key: value for key, value in request.query_params.items() if key not in body})
        reply = await run_in_threadpool(sandbox.api.handle, request.path_params["method"], body, dict(request.headers))
        return JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)

    async def upload(request: Request) -> Response:
        try:
            content = await read_limited(request, MAX_BOT_UPLOAD_BYTES)
        except TooLarge:
            return JSONResponse({"ok": False, "error": "file_too_large"}, status_code=413)
        reply = sandbox.api.handle_upload(request.path_params["file_id"], content)
        return JSONResponse(reply.body, status_code=reply.status)

    async def download(request: Request) -> Response:
        status, found = sandbox.api.download(request.path_params["file_id"], request.headers.get("authorization", ""))
        if found is None or found.content is None:
            return PlainTextResponse("not found" if status == 404 else "forbidden", status_code=status)
        return Response(found.content, media_type=found.mimetype)

    async def respond(request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError:
            return JSONResponse({"ok": False, "error": "invalid_payload"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"ok": False, "error": "invalid_payload"}, status_code=400)
        found = await run_in_threadpool(sandbox.client.respond, request.path_params["token"], body)
        if not found:
            return JSONResponse({"ok": False, "error": "expired_url"}, status_code=404)
        return JSONResponse({"ok": True})

    # --- the page --------------------------------------------------------------------------------------------
    async def index(request: Request) -> Response:
        viewer = page.viewer(request.query_params.get("user"))
        html = (STATIC / "index.html").read_text(encoding="utf-8")
        html = html.replace("{{users}}", str(page.user_options(viewer))).replace("{{team}}", str(
            Markup.escape(sandbox.api.workspace.team_name)))
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        path = STATIC / name
        if name not in {"sandbox.js", "sandbox.css"} or not path.exists():
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "no-store"})

    async def refresh(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(_refresh, sandbox, dict(request.query_params)),
                            headers={"Cache-Control": "no-store"})

    async def page_file(request: Request) -> Response:
        found = sandbox.store.file(request.path_params["file_id"])
        if found is None or found.content is None:
            return PlainTextResponse("not found", status_code=404)
        disposition = "inline" if found.is_image else f"attachment; filename*=UTF-8''{_quote(found.name)}"
        return Response(found.content, media_type=found.mimetype,
                        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"})

    async def gesture(request: Request) -> Response:
        if "application/json" not in request.headers.get("content-type", ""):
            return JSONResponse({"error": "send JSON"}, status_code=415)
        try:
            body = json.loads(await request.body())
        except json.JSONDecodeError:
            return JSONResponse({"error": "not JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "send an object"}, status_code=400)
        try:
            result = await run_in_threadpool(_GESTURES[request.path_params["name"]], sandbox, body)
        except KeyError:
            return JSONResponse({"error": "unknown gesture"}, status_code=404)
        except (GestureError, ValueError, TypeError) as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        return JSONResponse(result)

    async def page_upload(request: Request) -> Response:
        user, name = request.query_params.get("user", ""), request.query_params.get("name", "")
        try:
            content = await read_limited(request, MAX_UPLOAD_BYTES)
        except TooLarge:
            return JSONResponse({"error": "the sandbox takes files up to 10 MB"}, status_code=413)
        if not name or not content:
            return JSONResponse({"error": "choose a file"}, status_code=400)
        try:
            if request.query_params.get("purpose") == "input":
                file_id = sandbox.client.upload_for_input(user, name, content)
                return JSONResponse({"file": file_id})
            channel = request.query_params.get("channel", "")
            outcome = await run_in_threadpool(sandbox.client.upload, user, channel, name, content)
        except GestureError as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        return JSONResponse({"ok": outcome.ok, "error": outcome.error})

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok")

    async def cjk_font(request: Request) -> Response:
        """The Simplified (`/ui/font/cjk`) or Traditional (`/ui/font/cjk-tc`) face of the CJK font the charts use,
        so Chinese reads right in a browser without one (unicode-range: only pages with CJK text load it). One
        face, not the collection: a browser draws a collection's first face, whose glyphs are Japanese."""
        face = await run_in_threadpool(cjk_face, "TC" if request.url.path.endswith("-tc") else "SC")
        if face is None:
            return PlainTextResponse("no CJK font installed", status_code=404)
        return Response(face, media_type="font/otf", headers={"Cache-Control": "max-age=86400"})

    app = Starlette(routes=[
        Route("/api/{method}", web_api, methods=["POST", "GET"]),
        Route("/upload/{file_id}", upload, methods=["POST"]),
        Route("/files/{file_id}", download, methods=["GET"]),
        Route("/response/{token}", respond, methods=["POST"]),
        Route("/", index, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/ui/refresh", refresh, methods=["GET"]),
        Route("/ui/files/{file_id}", page_file, methods=["GET"]),
        Route("/ui/upload", page_upload, methods=["POST"]),
        Route("/ui/{name}", gesture, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/ui/font/cjk", cjk_font, methods=["GET"]),
        Route("/ui/font/cjk-tc", cjk_font, methods=["GET"]),
    ])
    return LoopbackOnly(app)


def _refresh(sandbox: Sandbox, query: dict[str, str]) -> dict[str, Any]:
    """The page's fragments for one person and conversation; only the clock when nothing changed."""
    page = sandbox.page
    viewer = page.viewer(query.get("user"))
    now = sandbox.clock.now()
    version = sandbox.store.version()
    answer: dict[str, Any] = {"version": version, "clock": str(page.clock(now, viewer)), "user": viewer.id}
    if query.get("version") == str(version) and query.get("force") != "1":
        return answer
    current = query.get("conversation") or ""
    channel = sandbox.store.channel(current) if current != HOME else None
    if current == "dm" or (channel is not None and channel.is_im and channel.im_user != viewer.id):
        current = "D" + viewer.id[1:]  # someone else's DM with the bot: this person's own
    if current != HOME and sandbox.store.channel(current) is None:
        current = page.opening_channel(viewer) or HOME
    if current == HOME:
        main = page.home(viewer, now)
    else:
        main = page.conversation(viewer, current, now)
        sandbox.store.mark_read(viewer.id, current)
    modal, revision = page.modal(viewer, now)
    answer.update({"conversation": current, "sidebar": str(page.sidebar(viewer, current)), "main": str(main),
                   "modal": str(modal), "modal_revision": revision,
                   "locale": viewer.locale, "tz": viewer.tz})
    return answer


def _message(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    outcome = sandbox.client.send_message(str(body["user"]), str(body["channel"]), str(body.get("text") or ""))
    return {"ok": outcome.ok, "error": outcome.error}


def _action(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    user, block_id, action_id = str(body["user"]), str(body["block_id"]), str(body["action_id"])
    state = body.get("state") if isinstance(body.get("state"), dict) else {}
    if body.get("view_id"):
        outcome = sandbox.client.act_in_view(user, str(body["view_id"]), block_id, action_id, body.get("value"), state)
    else:
        outcome = sandbox.client.act_in_message(user, str(body["channel"]), str(body["ts"]), block_id, action_id,
                                                body.get("value"), state)
    return {"ok": outcome.ok, "error": outcome.error}


def _submit(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    state = body.get("state") if isinstance(body.get("state"), dict) else {}
    outcome = sandbox.client.submit(str(body["user"]), str(body["view_id"]), state)
    return {"ok": outcome.ok, "error": outcome.error}


def _close(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    outcome = sandbox.client.close(str(body["user"]), str(body["view_id"]))
    return {"ok": outcome.ok}


def _suggest(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    outcome = sandbox.client.suggest(str(body["user"]), str(body["view_id"]), str(body["block_id"]),
                                     str(body["action_id"]), str(body.get("value") or ""))
    options = [{"value": option.get("value"), "text": (option.get("text") or {}).get("text")}
               for option in outcome.options or []]
    return {"ok": outcome.ok, "options": options}


def _home(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    outcome = sandbox.client.open_home(str(body["user"]), str(body.get("tab") or "home"))
    return {"ok": outcome.ok, "error": outcome.error}


def _clock(sandbox: Sandbox, body: dict[str, Any]) -> dict[str, Any]:
    step = STEPS.get(str(body.get("step")))
    if step is None:
        raise ValueError("step is hour or day")
    if sandbox.advance is None:
        raise GestureError("this sandbox has no scheduler to run")
    report = sandbox.advance(step)
    return {"ok": True, "now": report.end.isoformat(), "passes": report.passes, "sent": report.sent}


_GESTURES: dict[str, Callable[[Sandbox, dict[str, Any]], dict[str, Any]]] = {
    "message": _message, "action": _action, "submit": _submit, "close": _close, "suggest": _suggest,
    "home": _home, "clock": _clock,
}


def cjk_font_path() -> Path | None:
    try:
        import noto_cjk_sans_otc  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(getattr(noto_cjk_sans_otc, "FONT_PATH", "") or Path(noto_cjk_sans_otc.__file__).parent
                / "NotoSansCJK-Regular.ttc")
    return path if path.exists() else None


@functools.cache
def cjk_face(region: str) -> bytes | None:
    """`Noto Sans CJK <region>` cut out of the packaged collection as a font of its own (about a second, once)."""
    path = cjk_font_path()
    if path is None:
        return None
    try:
        from fontTools.ttLib import TTCollection  # matplotlib's dependency, there wherever charts are drawn
    except ImportError:
        return None
    collection = TTCollection(str(path), lazy=True)
    wanted = f"Noto Sans CJK {region}"
    font = next((f for f in collection if f["name"].getDebugName(1) == wanted), collection[0])
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
