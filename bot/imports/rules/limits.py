"""Size limits: they keep one import cheap enough to run inside a Slack request cycle."""

MAX_ROWS = 2000
# Longest text each stored column takes (storage/models.py Task / Milestone): longer cells are row errors.
MAX_CELL_CHARS = {"task": 1000, "collaborators": 500, "deliverable": 2000, "notes": 4000, "phase": 100}
MAX_MILESTONE_CHARS = 200
MAX_FILE_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: a small file can inflate to gigabytes (zip bomb), so cap what it unpacks to.
MAX_XLSX_UNPACKED_BYTES = 60 * 1024 * 1024
