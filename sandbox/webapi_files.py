"""The Web API's file methods (files_upload_v2's two steps, files.info), answered from the sandbox workspace.

A mixin of `SlackWebAPI` (sandbox/webapi.py): it uses that class's store, workspace, clock and helpers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sandbox.records import Channel, StoredFile
from sandbox.store import SandboxStore
from sandbox.webapi_shapes import ApiError, Workspace


class FileMethods:
    # Set by SlackWebAPI.__init__.
    store: SandboxStore
    now: Callable[[], datetime]
    strict: bool
    workspace: Workspace
    public_url: str
    on_change: Callable[[], None]

    def next_ts(self) -> str:
        raise NotImplementedError

    def _channel_for_post(self, channel_id: str) -> Channel:
        raise NotImplementedError

    # --- files -----------------------------------------------------------------------------------------------
    def _files_upload_url(self, body: dict[str, Any]) -> dict[str, Any]:
        name = str(body.get("filename") or "")
        try:
            length = int(body.get("length") or 0)
        except ValueError:
            raise ApiError("invalid_arguments") from None
        if self.strict and (not name or length <= 0):
            raise ApiError("invalid_arguments")
        file_id = self.store.new_id("F")
        self.store.reserve_file(file_id=file_id, name=name or file_id, size=length, user=self.workspace.bot_user_id,
                                now=self.now())
        return {"upload_url": f"{self.public_url}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, body: dict[str, Any]) -> dict[str, Any]:
        files = body.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        if not isinstance(files, list) or not files:
            raise ApiError("invalid_arguments")
        channel_id = str(body.get("channel_id") or body.get("channels") or "")
        channel = self._channel_for_post(channel_id) if channel_id else None
        completed: list[StoredFile] = []
        for item in files:
            found = self.store.file(str(item.get("id") or ""))
            if found is None or found.content is None:
                if self.strict:
                    raise ApiError("file_not_found")
                continue
            done = self.store.complete_file(found.id, title=item.get("title"), channel=channel.id if channel else None)
            if done is not None:
                completed.append(done)
        if channel is not None and completed:
            self.store.add_message(
                channel=channel.id, ts=self.next_ts(), user=self.workspace.bot_user_id, bot=True,
                text=str(body.get("initial_comment") or ""), files=[self.file_object(f) for f in completed],
                thread_ts=body.get("thread_ts") or None, posted_at=self.now(),
            )
            self.on_change()
        answered = completed or [StoredFile(id=str(item.get("id")), name="", title=str(item.get("title") or ""),
                                            mimetype="", size=0, content=None, user="", channel=None, complete=True)
                                 for item in files]
        return {"files": [{"id": f.id, "title": f.title} for f in answered]}

    def file_object(self, found: StoredFile) -> dict[str, Any]:
        return {
            "id": found.id, "name": found.name, "title": found.title, "mimetype": found.mimetype,
            "filetype": found.name.rsplit(".", 1)[-1].lower() if "." in found.name else "binary",
            "size": found.size, "user": found.user,
            "url_private": f"{self.public_url}/files/{found.id}",
            "url_private_download": f"{self.public_url}/files/{found.id}",
            "channels": [found.channel] if found.channel else [],
        }

    def _files_info(self, body: dict[str, Any]) -> dict[str, Any]:
        found = self.store.file(str(body.get("file") or ""))
        if found is None:
            raise ApiError("file_not_found")
        return {"file": self.file_object(found)}
