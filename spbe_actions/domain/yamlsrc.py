"""YAML loading that remembers where every value came from, and pydantic errors mapped to those lines."""

from __future__ import annotations

import calendar
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from spbe_actions.domain.errors import InputError, Loc, Problem, format_path
from spbe_actions.domain.i18n import t
from spbe_actions.domain.limits import DEFAULT, Limits, check_size

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
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# what YAML 1.1 allows in a stream (tab, line ends and the printable ranges); anything else is named with its line
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """The safe loader, except that a scalar Python cannot hold (2025-13-01, an int of 5,000 digits) stays text:
    the schema then reports it at its line like any other wrong value, instead of a traceback."""


def _lenient(construct: Any) -> Any:
    def build(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            return str(node.value)

    return build


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient(_BASE.construct_yaml_timestamp))
_Loader.add_constructor("tag:yaml.org,2002:int", _lenient(_BASE.construct_yaml_int))


def load(path: str | Path, limits: Limits = DEFAULT) -> Source:
    """Read a YAML file; syntax errors, duplicate keys, oversized or over-deep documents and alias bombs become
    located problems (never a traceback, never unbounded memory: the shape is checked on the event stream
    before any node is built)."""
    path = Path(path)
    text = _read(path, limits.yaml_bytes)
    _check_characters(path, text)
    if "&" in text:  # anchors, so perhaps aliases: count the expanded document on the event stream first
        _check_shape(path, text, limits)
    loader = _Loader(text)
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([Problem(str(path), t("yaml_empty"))])
        _check_depth(path, node, limits.yaml_depth)  # without aliases the node count is bounded by the size
        _walk(loader, node, (), lines, problems, str(path))
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _syntax(path, exc) from None
    finally:
        loader.dispose()
    return Source(path, data, lines, problems)


def _read(path: Path, limit: int) -> str:
    """The file's text, refused above ``limit`` bytes before it is read."""
    check_size(path, limit)
    try:
        with path.open("rb") as fh:
            return fh.read(limit + 1).decode("utf-8")
    except FileNotFoundError:
        raise InputError([Problem(str(path), t("file_not_found"))]) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InputError([Problem(str(path), t("file_unreadable", reason=exc.__class__.__name__))]) from None


def _check_characters(path: Path, text: str) -> None:
    """The first character YAML does not allow (a NUL byte, a control character), with its line and column."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    at = bad.start()
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    char = bad.group()
    message = t("input_nul", col=col) if char == "\x00" else t("input_char", char=f"U+{ord(char):04X}", col=col)
    raise InputError([Problem(str(path), message, "", line)])


def _syntax(path: Path, exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    return InputError([Problem(str(path), t("yaml_syntax", reason=getattr(exc, "problem", exc)), "", line)])


def _check_shape(path: Path, text: str, limits: Limits) -> None:
    """Count the nodes the document has once its aliases are expanded, and its depth, on the event stream
    (constant memory per open collection); InputError at the line where a limit is passed.

    A 355-byte "billion laughs" (nine anchors of nine aliases each) would expand to 9^9 nodes: refused at the
    alias that passes ``limits.yaml_nodes``, before a single node is built."""
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (expanded nodes, depth)
    stack: list[list[Any]] = []  # per open collection: [anchor, nodes, depth below]
    total = 0
    try:
        for event in yaml.parse(text, Loader=_BASE):
            size, depth = 0, 0
            if isinstance(event, yaml.AliasEvent):
                size, depth = anchors.get(event.anchor or "", (1, 0))
            elif isinstance(event, yaml.ScalarEvent):
                size, depth = 1, 0
                if event.anchor:
                    anchors[event.anchor] = (1, 0)
            elif isinstance(event, yaml.CollectionStartEvent):
                total += 1
                stack.append([event.anchor, 1, 0])
                if len(stack) > limits.yaml_depth:
                    _too(path, event, t("yaml_depth", limit=limits.yaml_depth))
                continue
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, size, below = stack.pop()
                depth = below + 1
                if anchor:
                    anchors[anchor] = (size, depth)
                if stack:
                    stack[-1][1] += size
                    stack[-1][2] = max(stack[-1][2], depth)
                continue
            else:
                continue
            total += size
            if total > limits.yaml_nodes:
                _too(path, event, t("yaml_nodes", limit=f"{limits.yaml_nodes:,}".replace(",", ".")))
            if len(stack) + depth > limits.yaml_depth:
                _too(path, event, t("yaml_depth", limit=limits.yaml_depth))
            if stack:
                stack[-1][1] += size
                stack[-1][2] = max(stack[-1][2], depth)
    except yaml.YAMLError:
        return  # a syntax error: composing the document reports it with its line


def _too(path: Path, event: yaml.Event, message: str) -> None:
    mark = event.start_mark
    raise InputError([Problem(str(path), message, "", mark.line + 1 if mark else None)])


def _check_depth(path: Path, root: yaml.Node, limit: int) -> None:
    """The composed document's nesting (keys included), walked without recursion; InputError past ``limit``."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if depth > limit:
                raise InputError([Problem(str(path), t("yaml_depth", limit=limit), "", node.start_mark.line + 1)])
            for child in node.value:
                pairs = child if isinstance(child, tuple) else (child,)
                stack.extend((n, depth + 1) for n in pairs)


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
    "int_parsing_size": "expect_int",
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
    if kind in _DATE_TYPES and isinstance(err.get("input"), str) and _DATE_SHAPE.match(err["input"]):
        return _bad_date(err["input"])
    key = _PYDANTIC_TYPES.get(kind)
    return t(key) if key else str(err["msg"])


_DATE_TYPES = ("date_from_datetime_parsing", "date_parsing", "datetime_parsing", "datetime_from_date_parsing")
_DATE_SHAPE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")


def _bad_date(value: str) -> str:
    """What is wrong with a date written in the right shape: no such month, or no such day in that month."""
    m = _DATE_SHAPE.match(value)
    assert m is not None
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        reason = t("date_no_month", month=month)
    elif year < 1:
        reason = t("date_no_year")
    else:
        last = calendar.monthrange(year, month)[1]
        reason = t("date_no_day", day=day, month=month, year=year, last=last) if not 1 <= day <= last else ""
    if not reason:
        return t("expect_date")
    return t("yaml_bad_date", value=value, reason=reason)
