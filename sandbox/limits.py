"""Bodies the sandbox accepts, refused as soon as they are known to be too large, never read whole first."""

from __future__ import annotations

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a person's file, from the page
MAX_BOT_UPLOAD_BYTES = 50 * 1024 * 1024  # the bot's own files (exports, review PDFs), step 2 of files_upload_v2
MAX_API_BYTES = 5 * 1024 * 1024  # a Web API call: blocks and views are far smaller
