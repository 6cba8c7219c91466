"""English catalogue; one module per area of the bot."""
