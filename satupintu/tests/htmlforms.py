"""Read a rendered page the way a browser does: what a form posts, which ids repeat.

Tests that post the data a browser would send (rather than a hand-made dict) catch the defaults
a page renders but a hand-made dict forgets, such as the first option of a select.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.forms: list[list[tuple[str, str]]] = []
        self.form_attrs: list[dict[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option_value: str | None = None
        self._option_text = ""
        self._option_selected = False
        self._textarea: str | None = None
        self._textarea_text = ""

    def _add(self, name: str, value: str) -> None:
        if self._in_form and name:
            self.forms[-1].append((name, value))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v if v is not None else "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] += 1
        if tag == "form":
            self._in_form = True
            self.forms.append([])
            self.form_attrs.append(a)
        elif tag == "input" and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(a.get("name", ""), a.get("value", "on"))
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                self._add(a.get("name", ""), a.get("value", ""))
        elif tag == "select" and "disabled" not in a:
            self._select = a.get("name", "")
            self._select_first = None
            self._select_chosen = False
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_text = ""
            self._option_selected = "selected" in a
        elif tag == "textarea" and "disabled" not in a:
            self._textarea = a.get("name", "")
            self._textarea_text = ""

    def handle_data(self, data: str) -> None:
        if self._option_value is None and self._select is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "option" and self._select is not None:
            value = self._option_value
            if value is None:
                value = self._option_text.strip()
            if self._select_first is None:
                self._select_first = value
            if self._option_selected and not self._select_chosen:
                self._select_chosen = True
                self._add(self._select, value)
            self._option_value = None
            self._option_text = ""
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self._add(self._textarea, self._textarea_text.removeprefix("\n"))
            self._textarea = None


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def form_data(page: str, *, containing: str) -> dict[str, list[str]]:
    """What a browser posts when the form holding field `containing` is submitted unchanged."""
    parsed = parse(page)
    chosen = next(fields for fields in parsed.forms if any(n == containing for n, _v in fields))
    data: dict[str, list[str]] = {}
    for name, value in chosen:
        data.setdefault(name, []).append(value)
    return data


def duplicate_ids(page: str) -> list[str]:
    return sorted(name for name, count in parse(page).ids.items() if count > 1)
