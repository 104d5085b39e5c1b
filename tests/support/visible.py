"""The text a reader sees on a page: its text nodes, without attribute values (inputs' values, hrefs,
placeholders), <style>/<script>, or the help line under a date field (it shows the TTTT-BB-HH form the field
takes, an ISO example)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Visible(HTMLParser):
    """The text a reader sees: text nodes outside <style>/<script> and outside a date field's help line."""

    SKIP = frozenset(("style", "script"))
    VOID = frozenset(("br", "input", "meta", "link", "img", "hr"))

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden: list[str] = []  # open tags whose text is not read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:  # no end tag follows
            return
        if self.hidden or tag in self.SKIP or (dict(attrs).get("id") or "").endswith("-bantuan"):
            self.hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
