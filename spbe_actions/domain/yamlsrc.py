"""YAML loading that remembers where every value came from, and pydantic errors mapped to those lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from spbe_actions.domain.errors import InputError, Loc, Problem, format_path
from spbe_actions.domain.i18n import t

M = TypeVar("M", bound=BaseModel)


class Source:
    """A parsed YAML document plus the line of every key/item, addressed by location tuple."""

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int], problems: list[Problem]):
        self.path, self.data, self.lines, self.problems = path, data, lines, problems

    def resolve(self, loc: Loc) -> Loc:
        """Keep the parts of a pydantic location that address the data; drop union tags and the like.

        A part that is not in the data is kept only when it is the last one (a missing key).
        """
        node, out = self.data, []
        for i, part in enumerate(loc):
            if _has(node, part):
                node = node[part]
            elif not (i == len(loc) - 1 and isinstance(node, dict)):
                continue
            out.append(part)
        return tuple(out)

    def problem(self, loc: Loc, message: str) -> Problem:
        """A located problem: the line of the deepest known part of ``loc``."""
        line = None
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.lines:
                line = self.lines[loc[:cut]]
                break
        return Problem(str(self.path), message, format_path(loc), line)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


# libyaml's parser when installed (PyYAML's wheels ship it): ~6x faster, same nodes and marks
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: str | Path) -> Source:
    """Read a YAML file; syntax errors and duplicate keys become located problems (never a traceback)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(str(path), t("file_not_found"))]) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InputError([Problem(str(path), t("file_unreadable", reason=exc.__class__.__name__))]) from None
    loader = _LOADER(text)
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(str(path), t("yaml_empty"))])
        _walk(loader, node, (), lines, problems, str(path))
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputError(
            [Problem(str(path), t("yaml_syntax", reason=getattr(exc, "problem", exc)), "", line)]
        ) from None
    finally:
        loader.dispose()
    return Source(path, data, lines, problems)


def _walk(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, lines: dict, problems: list, file: str) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if isinstance(key, list | dict):
                continue  # an unhashable key: construct_document reports it with its line
            if key in seen:
                problems.append(
                    Problem(
                        file,
                        t("yaml_duplicate_key", key=key),
                        format_path(loc + (key,)),
                        key_node.start_mark.line + 1,
                    )
                )
            seen.add(key)
            lines[loc + (key,)] = key_node.start_mark.line + 1
            _walk(loader, value_node, loc + (key,), lines, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(loader, item, loc + (i,), lines, problems, file)


def validate(model: type[M], src: Source) -> tuple[M | None, list[Problem]]:
    """Validate ``src.data`` against ``model``; return the model (or None) and every located problem."""
    try:
        return model.model_validate(src.data), list(src.problems)
    except ValidationError as exc:
        problems = list(src.problems)
        for err in exc.errors(include_url=False):
            loc = src.resolve(tuple(err["loc"]))
            problems.append(src.problem(loc, pydantic_message(err)))
        return None, problems


_PYDANTIC_TYPES = {
    "missing": "field_missing",
    "extra_forbidden": "field_unknown",
    "int_parsing": "expect_int",
    "int_type": "expect_int",
    "int_from_float": "expect_int",
    "decimal_parsing": "expect_number",
    "decimal_type": "expect_number",
    "finite_number": "expect_number",
    "string_type": "expect_text",
    "bool_parsing": "expect_bool",
    "bool_type": "expect_bool",
    "list_type": "expect_list",
    "dict_type": "expect_mapping",
    "model_type": "expect_mapping",
    "date_from_datetime_parsing": "expect_date",
    "date_parsing": "expect_date",
    "date_type": "expect_date",
    "too_short": "too_short",
}


def pydantic_message(err: ErrorDetails) -> str:
    """Translate a pydantic error into the user's language; our own validators already speak it."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "greater_than_equal":
        return t("too_small", limit=ctx.get("ge"))
    if kind == "greater_than":
        return t("must_exceed", limit=ctx.get("gt"))
    if kind == "less_than_equal":
        return t("too_large", limit=ctx.get("le"))
    if kind == "less_than":
        return t("must_be_below", limit=ctx.get("lt"))
    if kind == "union_tag_invalid":
        return t("expect_one_of", allowed=ctx.get("expected_tags", ""))
    if kind == "union_tag_not_found":
        return t("tag_missing", key=ctx.get("discriminator", "kind").strip("'"))
    if kind in ("literal_error", "enum"):
        return t("expect_one_of", allowed=ctx.get("expected", ""))
    if kind == "string_pattern_mismatch":
        return t("bad_pattern", pattern=ctx.get("pattern", ""))
    key = _PYDANTIC_TYPES.get(kind)
    return t(key) if key else str(err["msg"])
