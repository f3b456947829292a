"""``packager push/pull label-studio``: the same export and import, through the REST API.

Push is idempotent: it lists the project's tasks and imports only paragraphs
whose ``paragraph_id`` is not there yet, so a second push adds nothing. Pull
downloads the project's JSON export, names annotators by e-mail (the export
only has user ids) and imports it like a downloaded file.

Auth is Label Studio's API token (``Authorization: Token ...``); httpx is the
HTTP client. The REST endpoints used are the long-stable ones: projects,
``/api/projects/{id}/import``, ``/api/tasks``, ``/api/projects/{id}/export``
and ``/api/users``.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from packager._types import StrPath
from packager.errors import ConfigError, PackagerError
from packager.labeling.importing import ImportResult, import_annotations
from packager.labeling.models import LabelScheme
from packager.labeling.task_files import DEFAULT_BATCH_SIZE
from packager.labeling.tasks import release_tasks
from packager.labeling.tools import label_studio


class LabelStudioError(PackagerError):
    """The Label Studio server refused or failed a request."""


@dataclass
class PushResult:
    """The project the tasks went to, and how many were new or already there."""

    project: int
    imported: int
    already_there: int


class LabelStudioClient:
    """A Label Studio server at ``url``, reached with an API ``token``; a context manager."""

    def __init__(self, url: str, token: str, timeout: float = 60.0) -> None:
        self._http = httpx.Client(
            base_url=url.rstrip("/"),
            headers={"Authorization": f"Token {token}"},
            timeout=timeout,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LabelStudioClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise LabelStudioError(
                f"cannot reach Label Studio at {self._http.base_url}: {exc}"
            ) from None
        if response.status_code >= 400:
            raise LabelStudioError(
                f"Label Studio answered {response.status_code} to {method} {path}: "
                f"{response.text[:300]}"
            )
        return response.json() if response.content else None

    def create_project(self, title: str, label_config: str) -> int:
        project = self._call(
            "POST", "/api/projects", json={"title": title, "label_config": label_config}
        )
        return int(project["id"])

    def paragraph_ids(self, project: int) -> set[str]:
        """paragraph_id of every task of the project (all pages)."""
        found: set[str] = set()
        page = 1
        while True:
            listing = self._call(
                "GET", "/api/tasks", params={"project": project, "page": page, "page_size": 500}
            )
            tasks = listing["tasks"] if isinstance(listing, dict) else listing
            for task in tasks:
                pid = (task.get("data") or {}).get("paragraph_id")
                if isinstance(pid, str):
                    found.add(pid)
            total = listing.get("total", len(found)) if isinstance(listing, dict) else len(found)
            if not tasks or page * 500 >= total:
                return found
            page += 1

    def import_tasks(self, project: int, tasks: list[dict[str, Any]]) -> int:
        if not tasks:
            return 0
        result = self._call("POST", f"/api/projects/{project}/import", json=tasks)
        return int(result.get("task_count", len(tasks)))

    def export(self, project: int) -> list[dict[str, Any]]:
        exported: list[dict[str, Any]] = self._call(
            "GET", f"/api/projects/{project}/export", params={"exportType": "JSON"}
        )
        return exported

    def users(self) -> dict[int, str]:
        return {
            user["id"]: user.get("email") or str(user["id"])
            for user in self._call("GET", "/api/users")
        }


def push(
    client: LabelStudioClient,
    release: StrPath,
    scheme: LabelScheme,
    *,
    project: int | None = None,
    title: str | None = None,
    all_kinds: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> PushResult:
    """Import the release's tasks into ``project`` (created from the scheme when not given)."""
    release = Path(release)
    if project is None:
        if not title:
            raise ConfigError("give --project ID, or --create TITLE to make one from the scheme")
        project = client.create_project(title, label_studio.label_config(scheme))
    known = client.paragraph_ids(project)
    imported = 0
    batch: list[dict[str, Any]] = []
    for task in release_tasks(release, all_kinds=all_kinds, skip=known):
        batch.append(label_studio.task(task, scheme))
        if len(batch) == batch_size:
            imported += client.import_tasks(project, batch)
            batch = []
    imported += client.import_tasks(project, batch)
    return PushResult(project, imported, len(known))


def pull(client: LabelStudioClient, project: int, release: StrPath, out: StrPath) -> ImportResult:
    """Download the project's annotations and import them onto the release."""
    release, out = Path(release), Path(out)
    tasks = client.export(project)
    emails = client.users()
    for task in tasks:
        for annotation in task.get("annotations", []):
            who = annotation.get("completed_by")
            if isinstance(who, int) and who in emails:
                annotation["completed_by"] = {"id": who, "email": emails[who]}
    # The server's export is published in `out` with the tables, in one step: written
    # to a private temporary folder first, never straight into `out`.
    with tempfile.TemporaryDirectory(prefix="packager-pull-") as temporary:
        export_file = Path(temporary) / f"label-studio-project-{int(project)}.json"
        export_file.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
        return import_annotations(export_file, "label-studio", release, out, keep_copies=True)
