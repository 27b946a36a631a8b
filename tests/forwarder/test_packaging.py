"""The add-on, the container, the systemd unit and pip metadata agree with the program.

No Docker engine runs in CI, so the images cannot be built here: these checks catch what would
otherwise only fail on a user's machine (an option the add-on UI offers but run.sh ignores, a
translation missing, a stale copy of the program in the add-on folder).
"""

from __future__ import annotations

from pathlib import Path
import re
import subprocess
import tomllib

import pytest
import yaml

from forwarder import storj_log_forwarder as forwarder

from .conftest import FORWARDER_SCRIPT, REPO_ROOT

ADDON = REPO_ROOT / "addons" / "storj_log_forwarder"
# The option types the Supervisor accepts (its schema syntax), each optionally ending in "?".
SUPERVISOR_TYPE = re.compile(
    r"(bool|email|url|port|str|password|int|float)(\(\d*,\d*\))?\??"
    r"|match\(.+\)\??|list\([^()]+\)\??"
)
SUPERVISOR_ARCHES = {"aarch64", "amd64", "armhf", "armv7", "i386"}
SUPERVISOR_MAPS = {"share", "media", "ssl", "addon_config", "homeassistant_config", "backup"}


@pytest.fixture(scope="module")
def config() -> dict:
    """The add-on's config.yaml."""
    return yaml.safe_load((ADDON / "config.yaml").read_text())


@pytest.fixture(scope="module")
def translations() -> dict:
    """The add-on's English translations."""
    return yaml.safe_load((ADDON / "translations" / "en.yaml").read_text())


def forwarder_options() -> set[str]:
    """Every long option the program accepts."""
    parser = forwarder.build_parser()
    return {option for action in parser._actions for option in action.option_strings}


def test_addon_metadata(config: dict) -> None:
    """Required keys, a slug matching its folder, the program's version, valid arch/maps."""
    for key in ("name", "version", "slug", "description", "arch"):
        assert config[key], key
    assert config["slug"] == ADDON.name
    assert config["version"] == forwarder.__version__
    assert set(config["arch"]) <= SUPERVISOR_ARCHES
    assert {volume["type"] for volume in config["map"]} <= SUPERVISOR_MAPS
    assert all(volume["read_only"] for volume in config["map"])  # it only ever reads


def test_addon_options_schema_translations_and_run_sh_agree(
    config: dict, translations: dict
) -> None:
    """Each option has a schema entry, a translation, a valid default, and run.sh uses it."""
    options, schema = config["options"], config["schema"]
    run_sh = (ADDON / "run.sh").read_text()

    assert set(options) == set(schema) == set(translations["configuration"])
    for key, rule in schema.items():
        assert SUPERVISOR_TYPE.fullmatch(rule), (key, rule)
        assert re.search(rf"bashio::config(\.true)? '{key}'", run_sh), key
        texts = translations["configuration"][key]
        assert texts["name"]
        assert texts["description"]
    assert re.fullmatch(schema["log_file"][6:-1], options["log_file"])
    assert options["log_level"] in schema["log_level"][5:-1].split("|")
    assert set(config["ports"]) == set(translations["network"])


def test_addon_refuses_to_start_without_a_token(config: dict) -> None:
    """The add-on listens on its network: the empty default token fails the schema."""
    assert config["options"]["token"] == ""
    assert config["schema"]["token"] == f"password({forwarder.MIN_TOKEN_LENGTH},)"


def test_run_sh_passes_only_real_options() -> None:
    """run.sh is valid bash and every --option it passes exists."""
    run_sh = ADDON / "run.sh"
    subprocess.run(["bash", "-n", str(run_sh)], check=True, timeout=10)
    passed = set(re.findall(r"(--[a-z][a-z-]+)", run_sh.read_text()))
    assert passed
    assert passed <= forwarder_options()
    assert "--token" not in passed  # given by environment: command lines are visible in `ps`


def test_addon_ships_the_current_program() -> None:
    """The add-on's build context holds a copy of the program: it must be the same file."""
    copy = ADDON / "storj_log_forwarder.py"
    assert copy.read_bytes() == FORWARDER_SCRIPT.read_bytes(), (
        "run: cp forwarder/storj_log_forwarder.py addons/storj_log_forwarder/"
    )
    assert "COPY storj_log_forwarder.py" in (ADDON / "Dockerfile").read_text()


def test_repository_file() -> None:
    """The repository can be added to Home Assistant as an add-on repository."""
    repository = yaml.safe_load((REPO_ROOT / "repository.yaml").read_text())
    assert repository["name"]


def environment_names(text: str) -> set[str]:
    """STORJ_FORWARDER_* variable names set in a file."""
    return set(re.findall(r"(STORJ_FORWARDER_[A-Z_]+)=", text))


def test_container_and_systemd_set_real_variables() -> None:
    """The Dockerfile and the unit file only set variables the program reads."""
    known = {forwarder.ENV_PREFIX + name.upper() for name in forwarder._ENV_OPTIONS}
    dockerfile = (REPO_ROOT / "forwarder" / "Dockerfile").read_text()
    unit = (REPO_ROOT / "forwarder" / "storj-log-forwarder.service").read_text()

    for text in (dockerfile, unit):
        assert environment_names(text)
        assert environment_names(text) <= known
    assert 'ENTRYPOINT ["python", "-m", "storj_log_forwarder"]' in dockerfile
    assert "ExecStart=/usr/local/bin/storj-log-forwarder" in unit


def test_pip_metadata() -> None:
    """`pip install ./forwarder` gives a `storj-log-forwarder` command on Python >= 3.9."""
    project = tomllib.loads((REPO_ROOT / "forwarder" / "pyproject.toml").read_text())
    assert project["project"]["scripts"] == {"storj-log-forwarder": "storj_log_forwarder:main"}
    assert callable(forwarder.main)
    assert project["project"]["requires-python"] == ">=3.9"
    assert project["project"]["dependencies"] == []
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "storj_log_forwarder.__version__"
    }


DOCKERFILES = (ADDON / "Dockerfile", REPO_ROOT / "forwarder" / "Dockerfile")
# A repository path named in a comment, e.g. "forwarder/storj_log_forwarder.py".
REPO_PATH = re.compile(r"\b(?:[\w.-]+/)+[\w.-]+\.(?:py|sh|md|yaml|toml|service)\b")


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    return [
        (word.upper(), rest.strip())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
        for word, _, rest in [line.strip().partition(" ")]
    ]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.parent.name)
def test_dockerfile_names_only_real_files(dockerfile: Path) -> None:
    """What a Dockerfile COPYs is in its build context, what RUN uses was copied or made there,
    and every repository file its comments name exists."""
    context = dockerfile.parent
    made: set[str] = set()
    for instruction, arguments in dockerfile_instructions(dockerfile):
        if instruction == "COPY":
            *sources, destination = arguments.split()
            for source in sources:
                assert (context / source).is_file(), f"{dockerfile}: COPY {source}"
                made.add(destination + source if destination.endswith("/") else destination)
                made.add(destination.rstrip("/") or "/")
        elif instruction == "RUN":
            made.update(re.findall(r"mkdir (?:-p )?(/\S+)", arguments))
            for used in re.findall(r"(?<![\w:])(/[\w./-]+)", arguments):
                assert used in made, f"{dockerfile}: RUN uses {used}, never copied or made"
    for named in REPO_PATH.findall(dockerfile.read_text()):
        assert (REPO_ROOT / named).exists() or (context / named).exists(), named
