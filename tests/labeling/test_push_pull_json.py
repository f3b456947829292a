"""`push label-studio --json` and `pull label-studio --json`: one JSON summary on stdout.

The server here answers the five REST calls push and pull make, in Label Studio's
shapes, from memory; tests/labeling/test_label_studio_server.py runs the same loop against a
real Label Studio.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from packager.cli import app

from ..conftest import EXAMPLE_RELEASE

PROJECT = 7


class _LabelStudio(BaseHTTPRequestHandler):
    tasks: ClassVar[list[dict]] = []

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _answer(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/api/tasks":
            self._answer({"tasks": self.tasks, "total": len(self.tasks)})
        elif url.path == f"/api/projects/{PROJECT}/export":
            assert parse_qs(url.query)["exportType"] == ["JSON"]
            self._answer([task for task in self.tasks if task["annotations"]])  # as LS does
        elif url.path == "/api/users":
            self._answer([{"id": 1, "email": "ana@example.org"}])
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/api/projects":
            self._answer({"id": PROJECT, "title": body["title"]})
        elif self.path == f"/api/projects/{PROJECT}/import":
            for task in body:
                task = {**task, "id": len(self.tasks) + 1, "annotations": []}
                if len(self.tasks) == 0:  # the first task is annotated by user 1
                    task["annotations"] = [
                        {
                            "completed_by": 1,
                            "result": [
                                {
                                    "from_name": "label",
                                    "to_name": "paragraph",
                                    "type": "choices",
                                    "value": {"choices": ["news"]},
                                }
                            ],
                        }
                    ]
                self.tasks.append(task)
            self._answer({"task_count": len(body)})
        else:
            self.send_error(404)


@pytest.fixture
def server():
    _LabelStudio.tasks = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _LabelStudio)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_push_and_pull_print_one_json_summary(server, tmp_path):
    runner = CliRunner()
    push = ["push", "label-studio", str(EXAMPLE_RELEASE), "--url", server, "--token", "t"]
    push += ["--classes", "news,opinion", "--json"]
    first = runner.invoke(app, [*push, "--create", "Example"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["project"] == PROJECT
    assert summary["imported"] > 0
    assert summary == {"project": PROJECT, "imported": summary["imported"], "already_there": 0}
    again = runner.invoke(app, [*push, "--project", str(PROJECT)])
    assert json.loads(again.stdout) == {
        "project": PROJECT,
        "imported": 0,
        "already_there": summary["imported"],
    }

    out = tmp_path / "annotations"
    pull = ["pull", "label-studio", "--url", server, "--token", "t", "--project", str(PROJECT)]
    pulled = runner.invoke(app, [*pull, "--release", str(EXAMPLE_RELEASE), "--out", str(out)])
    assert pulled.exit_code == 0, pulled.output
    assert pulled.output.startswith("1 annotations imported")
    fresh = tmp_path / "annotations-json"
    as_json = runner.invoke(
        app, [*pull, "--release", str(EXAMPLE_RELEASE), "--out", str(fresh), "--json"]
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == {
        "project": PROJECT,
        "annotations": str(fresh / "annotations.jsonl"),
        "imported": 1,
        "by_task": {"classification": 1},
        "rejected": {},
    }
    assert as_json.stderr == ""
    # the server's export is published with the tables, in the same step
    assert json.loads((fresh / f"label-studio-project-{PROJECT}.json").read_text())
    again = runner.invoke(
        app, [*pull, "--release", str(EXAMPLE_RELEASE), "--out", str(fresh), "--json"]
    )
    assert json.loads(again.stdout) == {  # a second pull adds; the same annotation is a duplicate
        "project": PROJECT,
        "annotations": str(fresh / "annotations.jsonl"),
        "imported": 0,
        "by_task": {},
        "rejected": {"duplicate": 1},
    }


def test_an_unreachable_server_is_one_error_line_on_stderr_and_nothing_on_stdout(tmp_path):
    result = CliRunner().invoke(
        app,
        [
            *("pull", "label-studio", "--url", "http://127.0.0.1:9", "--token", "t"),
            *("--project", "1", "--release", str(EXAMPLE_RELEASE), "--json"),
        ],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: cannot reach Label Studio at http://127.0.0.1:9")
