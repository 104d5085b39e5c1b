"""User-input errors that carry every located problem at once (file, line, field path, reason)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """Render a location tuple as ``opds[3].focal_points[0].email``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(dokumen)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a user's input, located as precisely as we can."""

    file: str
    message: str
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InputError(Exception):
    """Raised for bad user input; the CLI prints each problem on its own line and exits 2.

    ``more`` counts the problems found but not kept (a reader stops listing after ``Limits.problems``)."""

    def __init__(self, problems: Iterable[Problem], more: int = 0):
        self.problems = list(problems)
        self.more = more
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects at most ``limit`` problems and counts the rest, so a file with 400,000 bad rows costs no memory."""

    def __init__(self, limit: int):
        self.limit = limit
        self.kept: list[Problem] = []
        self.more = 0

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.kept)

    def raise_any(self) -> None:
        """InputError with what was kept and how many more, when anything was found."""
        if self.kept:
            raise InputError(self.kept, self.more)
