"""Dockerfile and compose.yaml cannot be built on this project's machines (no Docker engine); what can be checked
without one is checked here: the image gets every package the project installs, and each compose role runs a real
`campaignbot` command against the compose PostgreSQL."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from bot.runtime.cli import _parser

ROOT = Path(__file__).resolve().parents[2]


def _dockerfile() -> list[str]:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8")))


def test_the_image_copies_every_package_the_project_installs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {pattern.rstrip("*") for pattern in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = {part.rstrip("/").removeprefix("./") for line in _dockerfile() if line.startswith("COPY ")
              for part in line.split()[1:-1]}
    assert packages <= copied, f"not copied into the image: {sorted(packages - copied)}"
    assert {"pyproject.toml", "README.md", "alembic.ini"} <= copied  # the build and the migrations need them
    assert (ROOT / "alembic.ini").exists()


def test_the_image_runs_the_console_script_as_a_non_root_user_with_a_health_check() -> None:
    lines = _dockerfile()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    script = next(iter(project["project"]["scripts"]))
    assert f'ENTRYPOINT ["{script}"]' in lines
    assert 'CMD ["run"]' in lines
    user = next(line.split()[1] for line in lines if line.startswith("USER "))
    assert user not in ("root", "0")
    health = next(line for line in lines if line.startswith("HEALTHCHECK"))
    assert "/healthz" in health


def test_each_compose_role_runs_a_real_command_against_the_compose_database() -> None:
    services = _compose()["services"]
    postgres = services["postgres"]["environment"]
    expected_url = (f"postgresql://{postgres['POSTGRES_USER']}:{postgres['POSTGRES_PASSWORD']}@postgres:5432/"
                    f"{postgres['POSTGRES_DB']}")
    roles = {name: service for name, service in services.items() if name != "postgres"}
    assert set(roles) == {"web", "scheduler"}
    for name, service in roles.items():
        assert service["environment"]["DATABASE_URL"] == expected_url, name
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy", name
        _parser().parse_args(service["command"])  # exits (SystemExit) on a command campaignbot does not have
        # Longer than the bot's own 10 s graceful stop, so Docker's SIGKILL never cuts it short.
        assert int(re.fullmatch(r"(\d+)s", service["stop_grace_period"]).group(1)) > 10  # type: ignore[union-attr]
    assert roles["web"]["command"] == ["run", "--no-scheduler"]
    assert roles["scheduler"]["command"] == ["scheduler"]
    assert roles["scheduler"]["deploy"]["replicas"] == 1
    assert roles["web"]["deploy"]["replicas"] >= 2
