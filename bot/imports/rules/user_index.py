"""Resolve owner references to Slack user ids from one walk of ``users.list``.

Names compare case-, width- and space-insensitively ("Li Wei" == "liwei" == "ＬＩ ＷＥＩ"), because
people type names the way their input method gives them. Deactivated users and bots never match;
we still remember them so the error can say why a name did not resolve.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import OwnerError
from bot.imports.rules.owners import OwnerKind, OwnerRef
from bot.imports.rules.text import compact_key

EmailLookup = Callable[[str], str | None]

_DEACTIVATED = "deactivated"
_BOT = "bot"
_NOT_FOUND = "not_found"
# Slackbot is not flagged is_bot by the API but can never own a task.
_SLACKBOT_ID = "USLACKBOT"


def name_key(name: str) -> str:
    return compact_key(name.lstrip("@＠"))


@dataclass(frozen=True)
class UserIndex:
    active_ids: frozenset[str]
    inactive_ids: Mapping[str, str]  # user id -> reason (deactivated | bot)
    emails: Mapping[str, str]  # lower-cased email -> active user id
    inactive_emails: Mapping[str, str]  # lower-cased email -> reason
    names: Mapping[str, tuple[str, ...]]  # name key -> active user ids (several = ambiguous)
    inactive_names: Mapping[str, str]  # name key -> reason

    @classmethod
    def from_members(cls, members: Iterable[Mapping[str, object]]) -> "UserIndex":
        active: set[str] = set()
        inactive: dict[str, str] = {}
        emails: dict[str, str] = {}
        inactive_emails: dict[str, str] = {}
        names: dict[str, list[str]] = {}
        inactive_names: dict[str, str] = {}
        for member in members:
            user_id = str(member.get("id") or "")
            if not user_id:
                continue
            profile = member.get("profile")
            profile = profile if isinstance(profile, Mapping) else {}
            reason = _inactive_reason(member, user_id)
            email = str(profile.get("email") or "").strip().lower()
            keys = {name_key(str(n)) for n in _names_of(member, profile) if n} - {""}
            if reason:
                inactive[user_id] = reason
                if email:
                    inactive_emails.setdefault(email, reason)
                for key in keys:
                    inactive_names.setdefault(key, reason)
                continue
            active.add(user_id)
            if email:
                emails[email] = user_id
            for key in keys:
                names.setdefault(key, []).append(user_id)
        return cls(
            active_ids=frozenset(active),
            inactive_ids=inactive,
            emails=emails,
            inactive_emails=inactive_emails,
            names={key: tuple(ids) for key, ids in names.items()},
            inactive_names=inactive_names,
        )

    def find_name(self, name: str) -> tuple[str, ...]:
        return self.names.get(name_key(name), ())

    def resolve(self, ref: OwnerRef, lookup_email: EmailLookup | None = None) -> str:
        """Return the Slack user id; raise OwnerError(owner_unknown | owner_ambiguous)."""
        if ref.kind is OwnerKind.USER_ID:
            if ref.value in self.active_ids:
                return ref.value
            raise _unknown(ref, self.inactive_ids.get(ref.value, _NOT_FOUND))
        if ref.kind is OwnerKind.EMAIL:
            return self._resolve_email(ref, lookup_email)
        candidates = self.find_name(ref.value)
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise OwnerError(Code.OWNER_AMBIGUOUS, {"owner": ref.text, "candidates": sorted(candidates)})
        raise _unknown(ref, self.inactive_names.get(name_key(ref.value), _NOT_FOUND))

    def _resolve_email(self, ref: OwnerRef, lookup_email: EmailLookup | None) -> str:
        if ref.value in self.emails:
            return self.emails[ref.value]
        if ref.value in self.inactive_emails:
            raise _unknown(ref, self.inactive_emails[ref.value])
        # users.list hides emails without the users:read.email scope or for guests; ask Slack directly.
        user_id = lookup_email(ref.value) if lookup_email else None
        if not user_id:
            raise _unknown(ref, _NOT_FOUND)
        if user_id in self.inactive_ids:
            raise _unknown(ref, self.inactive_ids[user_id])
        return user_id


def _inactive_reason(member: Mapping[str, object], user_id: str) -> str | None:
    if member.get("deleted"):
        return _DEACTIVATED
    if member.get("is_bot") or user_id == _SLACKBOT_ID:
        return _BOT
    return None


def _names_of(member: Mapping[str, object], profile: Mapping[str, object]) -> list[object]:
    return [
        member.get("name"),
        member.get("real_name"),
        profile.get("display_name"),
        profile.get("display_name_normalized"),
        profile.get("real_name"),
        profile.get("real_name_normalized"),
    ]


def _unknown(ref: OwnerRef, reason: str) -> OwnerError:
    return OwnerError(Code.OWNER_UNKNOWN, {"owner": ref.text, "reason": reason})
