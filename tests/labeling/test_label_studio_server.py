"""The Label Studio round trip against a real server, started here on 127.0.0.1.

Runs with ``-m label_studio`` (``.ci/run`` does, in its own step). The server
comes from the ``label-studio`` package in its own environment (it pins older
numpy/pyarrow): ``PACKAGER_LABEL_STUDIO`` names its executable. The server gets
a free port, a temporary data folder, a preset user and legacy API token, no
version check and no analytics; it is always stopped, even when a test fails.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from packager.build import build_release
from packager.cli import app
from packager.settings import BuildSettings

pytestmark = pytest.mark.label_studio
TOKEN = "0123456789abcdef0123456789abcdef01234567"
TEXTS = [
    "Zoë 👍🏽 met Ana in Gullhaven on Friday.",
    "The 👨‍👩‍👧 family from Tarrowmere won the regatta.",
    "ראש העיר דנה לוי פתחה את הגשר בחיפה.",
]


def _executable() -> str:
    found = os.environ.get("PACKAGER_LABEL_STUDIO") or shutil.which("label-studio")
    if not found:
        pytest.fail("no label-studio executable: set PACKAGER_LABEL_STUDIO (see .ci/run)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("label-studio")
    port = _free_port()
    # Label Studio's settings fall back to bare HOST/PORT/USERNAME/PASSWORD and write under
    # XDG folders whatever --data-dir says: keep all of it inside the temporary folder.
    inherited = {
        k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "USERNAME", "PASSWORD")
    }
    env = {
        **inherited,
        "XDG_CONFIG_HOME": str(data / "xdg-config"),
        "XDG_DATA_HOME": str(data / "xdg-data"),
        "LATEST_VERSION_CHECK": "false",
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "COLLECT_ANALYTICS": "false",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
    }
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [
            _executable(),
            "start",
            "--no-browser",
            "--internal-host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data),
            "--username",
            "ana@example.org",
            "--password",
            "a-long-test-password",
            "--user-token",
            TOKEN,
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"Label Studio did not start: {(data / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(1)
        # it moves to the next port if ours was taken meanwhile: make sure it is ours
        assert f"127.0.0.1:{port}" in (data / "server.log").read_text(errors="replace")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("in")
    (root / "a.jsonl").write_text(
        json.dumps({"id": "a1", "title": "Regatta", "text": "\n".join(TEXTS)}, ensure_ascii=False)
        + "\n"
    )
    settings = BuildSettings(name="ls-round-trip", version="1.0.0", splits={"train": 1.0})
    return build_release([root], settings, tmp_path_factory.mktemp("dist")).release


def _api(url: str, method: str, path: str, **kwargs):
    response = httpx.request(
        method, f"{url}{path}", headers={"Authorization": f"Token {TOKEN}"}, timeout=60, **kwargs
    )
    response.raise_for_status()
    return response.json()


def test_push_annotate_pull_lands_on_the_right_paragraphs(server, release, tmp_path):
    runner = CliRunner()
    push = [
        "push",
        "label-studio",
        str(release),
        "--url",
        server,
        "--token",
        TOKEN,
        "--classes",
        "news,opinion",
        "--spans",
        "PERSON,PLACE",
    ]
    first = runner.invoke(app, [*push, "--create", "Round trip"])
    assert first.exit_code == 0, first.output
    assert "3 tasks imported, 0 already there" in first.output
    project = int(first.output.split("project ")[1].split(":")[0])
    second = runner.invoke(app, [*push, "--project", str(project)])
    assert "0 tasks imported, 3 already there" in second.output  # idempotent

    config = _api(server, "GET", f"/api/projects/{project}")["label_config"]
    assert 'granularity="symbol"' in config and "<Header" in config
    tasks = _api(server, "GET", "/api/tasks", params={"project": project, "page_size": 50})["tasks"]
    paragraphs = {
        json.loads(x)["paragraph_id"]: json.loads(x)
        for x in (release / "paragraphs.jsonl").read_text().splitlines()
    }
    intended = {}
    for task in tasks:
        text = task["data"]["text"]
        quoted = {"Z": "Gullhaven", "T": "Tarrowmere", "ר": "דנה לוי"}[text[0]]
        start = text.index(quoted)  # code points: what <Text granularity="symbol"> counts
        result = [
            {
                "from_name": "span",
                "to_name": "paragraph",
                "type": "labels",
                "value": {
                    "start": start,
                    "end": start + len(quoted),
                    "text": quoted,
                    "labels": ["PLACE"],
                },
            },
            {
                "from_name": "label",
                "to_name": "paragraph",
                "type": "choices",
                "value": {"choices": ["news"]},
            },
        ]
        _api(server, "POST", f"/api/tasks/{task['id']}/annotations", json={"result": result})
        intended[task["data"]["paragraph_id"]] = quoted

    pulled = runner.invoke(
        app,
        [
            "pull",
            "label-studio",
            "--url",
            server,
            "--token",
            TOKEN,
            "--project",
            str(project),
            "--release",
            str(release),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert pulled.exit_code == 0, pulled.output
    assert "6 annotations imported" in pulled.output and "0 rejected" in pulled.output
    rows = [
        json.loads(x) for x in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    spans = [r for r in rows if r["task"] == "span"]
    assert {r["paragraph_id"]: r["text"] for r in spans} == intended
    for row in spans:
        assert (
            paragraphs[row["paragraph_id"]]["text"][row["start"] : row["end"]]
            == intended[row["paragraph_id"]]
        )
        assert row["annotator"] == "ana@example.org"
    assert {tuple(r["labels"]) for r in rows if r["task"] == "classification"} == {("news",)}


def test_article_tasks_round_trip_through_the_server(server, release, tmp_path):
    """``export --unit article``'s files imported as they are; spans come back on paragraphs."""
    runner = CliRunner()
    exported = runner.invoke(
        app,
        [
            "export",
            str(release),
            "--to",
            "label-studio",
            "--unit",
            "article",
            "--classes",
            "news,opinion",
            "--spans",
            "PERSON,PLACE",
            "--out",
            str(tmp_path / "export"),
        ],
    )
    assert exported.exit_code == 0, exported.output
    config = (tmp_path / "export" / "label_config.xml").read_text(encoding="utf-8")
    project = _api(
        server, "POST", "/api/projects", json={"title": "Articles", "label_config": config}
    )["id"]
    tasks_file = json.loads((tmp_path / "export" / "tasks-00000.json").read_text(encoding="utf-8"))
    _api(server, "POST", f"/api/projects/{project}/import", json=tasks_file)
    [task] = _api(server, "GET", "/api/tasks", params={"project": project, "page_size": 50})[
        "tasks"
    ]
    text = task["data"]["text"]
    assert text == "\n\n".join(TEXTS)
    result = []
    for quoted in ("Gullhaven", "Tarrowmere", "דנה לוי", "Friday.\n\nThe"):
        start = text.index(quoted)  # code points of the whole article
        value = {"start": start, "end": start + len(quoted), "text": quoted, "labels": ["PLACE"]}
        result.append(
            {"from_name": "span", "to_name": "paragraph", "type": "labels", "value": value}
        )
    result.append(
        {
            "from_name": "label",
            "to_name": "paragraph",
            "type": "choices",
            "value": {"choices": ["opinion"]},
        }
    )
    _api(server, "POST", f"/api/tasks/{task['id']}/annotations", json={"result": result})

    pulled = runner.invoke(
        app,
        [
            "pull",
            "label-studio",
            "--url",
            server,
            "--token",
            TOKEN,
            "--project",
            str(project),
            "--release",
            str(release),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert pulled.exit_code == 0, pulled.output
    assert "4 annotations imported" in pulled.output and "1 rejected" in pulled.output
    [reject] = [
        json.loads(x)
        for x in (tmp_path / "out" / "annotation-rejects.jsonl").read_text().splitlines()
    ]
    assert reject["reason"] == "span-crosses-paragraphs"
    paragraphs = {
        json.loads(x)["paragraph_id"]: json.loads(x)
        for x in (release / "paragraphs.jsonl").read_text().splitlines()
    }
    rows = [
        json.loads(x) for x in (tmp_path / "out" / "annotations.jsonl").read_text().splitlines()
    ]
    spans = {r["text"]: r for r in rows if r["task"] == "span"}
    assert set(spans) == {"Gullhaven", "Tarrowmere", "דנה לוי"}
    for quoted, row in spans.items():
        paragraph = paragraphs[row["paragraph_id"]]
        assert paragraph["index"] == ("Gullhaven", "Tarrowmere", "דנה לוי").index(quoted)
        assert paragraph["text"][row["start"] : row["end"]] == quoted
        assert row["annotator"] == "ana@example.org"
    [article_class] = [r for r in rows if r["task"] == "classification"]
    assert article_class["paragraph_id"] is None and article_class["labels"] == ["opinion"]
    assert article_class["article_id"] == task["data"]["article_id"]
