"""The Typer app, its consoles and the one place errors become a message."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from packager._version import __version__
from packager.errors import ConfigError, PackagerError

if TYPE_CHECKING:
    from rich.console import Console

    from packager.settings import BuildSettings

app = typer.Typer(
    help="Turn scraped news articles into validated, paragraph-level dataset releases.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class _ConsoleOnFirstUse:
    """A rich Console made when first used: importing rich costs ``--help`` a third of its time.

    Attributes go to the real console; so does ``with console:``, which rich's live
    display (the build's progress bar) uses and ``__getattr__`` cannot forward.
    """

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def _real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __enter__(self) -> Console:
        return self._real().__enter__()

    def __exit__(self, *exc_info: Any) -> None:
        self._real().__exit__(*exc_info)


console = cast("Console", _ConsoleOnFirstUse(stderr=False))
error_console = cast("Console", _ConsoleOnFirstUse(stderr=True))
_state = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn packager's own errors into one clear line and exit code 1.

    An ``OSError`` that no step turned into one of packager's errors (a file
    that vanished, a folder that cannot be made) still gets one line, not a
    traceback.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (PackagerError, OSError) as exc:
            if _state["debug"]:
                raise
            message = str(exc) if isinstance(exc, PackagerError) else _os_error(exc)
            error_console.print(f"Error: {message}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename is not None else ""
    return f"{where}{exc.strerror or exc}"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"packager {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug/--no-debug", help="Show tracebacks of errors.")
    ] = False,
    version: Annotated[  # noqa: ARG001 (read by its eager callback, _version)
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print version.")
    ] = False,
) -> None:
    _state["debug"] = debug


def settings_from_options(**values: Any) -> BuildSettings:
    import pydantic

    from packager.settings import BuildSettings

    try:
        return BuildSettings(**values)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            str(error["msg"]).removeprefix("Value error, ") for error in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None


def main() -> None:
    app()
