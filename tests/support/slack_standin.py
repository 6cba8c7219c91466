"""The tests' Slack stand-in is the sandbox's own Web API (sandbox/standin.py); one implementation for both."""

from sandbox.standin import Call, Scripted, SlackStandIn

__all__ = ["Call", "Scripted", "SlackStandIn"]
