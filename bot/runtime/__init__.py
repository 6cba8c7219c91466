"""App wiring and serving: the top of the house; nothing below imports it."""
