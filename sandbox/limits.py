"""Bodies the sandbox accepts, refused as soon as they are known to be too large, never read whole first."""

from __future__ import annotations

from starlette.requests import Request

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a person's file, from the page
MAX_BOT_UPLOAD_BYTES = 50 * 1024 * 1024  # the bot's own files (exports, review PDFs), step 2 of files_upload_v2
MAX_API_BYTES = 5 * 1024 * 1024  # a Web API call: blocks and views are far smaller


class TooLarge(Exception):
    pass


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, or TooLarge before more than `limit` bytes are held: by Content-Length before reading anything,
    else counted while it streams in."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)
