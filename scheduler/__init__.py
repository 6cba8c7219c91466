"""Time-driven work: one pass function and the APScheduler wiring that calls it every minute."""
