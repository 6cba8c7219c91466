"""What a person or a pass asks for: load, decide with the domain, store, say; no transaction of their own."""
