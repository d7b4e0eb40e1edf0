"""What a browser would post from an admin change page: the fields of one form, as rendered."""

from __future__ import annotations

from html.parser import HTMLParser


class _MainFormParser(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
            return
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self._add(name, attributes.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attributes:
            self._add(self.select, attributes.get("value") or "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            if self.textarea and self.data[self.textarea][-1].startswith("\n"):
                # The HTML parser keeps the newline Django puts after <textarea>; a browser drops it.
                self.data[self.textarea][-1] = self.data[self.textarea][-1][1:]
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_data(html: str, form_id: str) -> dict[str, list[str] | str]:
    """The values the form `form_id` would submit, ready for the test client's post()."""
    parser = _MainFormParser(form_id)
    parser.feed(html)
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def change_form(client, url: str, form_id: str = "article_form") -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_data(response.content.decode(), form_id)
