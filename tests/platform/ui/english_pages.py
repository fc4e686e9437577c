"""Every page a role reaches, read in English, and the Chinese text on it that is not data.

A Django test Client signs in as a demo account, asks for English (the language cookie) and
follows the links of each page on the same host, breadth first, from the start page (the
navigation is on every page, so every menu entry is reached). Pages whose addresses differ
only in their ids or query values are read a few times, not once per row.

What a page shows that is *data* (names, titles, bodies, unit and organisation names) is
marked in the templates: an element with ``translate="no"``, the class ``data`` or a Chinese
``lang`` attribute holds data, and its text is left out. Whatever Chinese text remains is a
missing translation: ``untranslated(html)`` lists it, attributes people read included
(title, placeholder, aria-label, alt, confirmation texts) when they hold no English at all.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

#: Han characters (Chinese punctuation alone, as in "Lead unit：", is checked by `FULL_WIDTH`).
HAN_CHARS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
FULL_WIDTH = re.compile(r"[\u3001\u3002\u3010\u3011\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f]")
#: Links a crawler must not follow: signing out, the language switch, admin sites, downloads, the API.
SKIP = re.compile(
    r"(logout|/i18n/|/admin/|/api/|/static/|/media/|/sso/|download|export|\.xlsx|\.docx|\.csv|\.pdf|\.zip)",
    re.I,
)
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "hx-confirm", "data-confirm", "data-label")
SKIPPED_TAGS = {"script", "style", "template", "noscript", "title", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def is_data(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in SKIPPED_TAGS:
        return True
    if (attrs.get("translate") or "").lower() == "no":
        return True
    if "data" in (attrs.get("class") or "").split():
        return True
    return (attrs.get("lang") or "").lower().startswith("zh")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skip_tag is not None:
            if tag == self.skip_tag and tag not in VOID:
                self.skip_depth += 1
            return
        if is_data(tag, attributes):
            if tag not in VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        for name in READ_ATTRIBUTES:
            value = attributes.get(name)
            # an attribute cannot mark the data inside it: one that is English around a name
            # ("Exclude 政协资阳市委员会", "e.g. 有事来协商") passes, one with no English fails
            if value and HAN_CHARS.search(value) and not LATIN.search(value):
                self.found.append(f'{tag}[{name}]="{value.strip()}"')
        if tag == "input" and (attributes.get("type") or "") in ("submit", "button"):
            value = attributes.get("value") or ""
            if HAN_CHARS.search(value):
                self.found.append(f'input[value]="{value.strip()}"')

    def handle_startendtag(self, tag, attrs):
        if self.skip_tag is None and not is_data(tag, dict(attrs)):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skip_tag is not None and tag == self.skip_tag:
            self.skip_depth -= 1
            if self.skip_depth == 0:
                self.skip_tag = None

    def handle_data(self, data):
        if self.skip_tag is None and (HAN_CHARS.search(data) or FULL_WIDTH.search(data)):
            self.found.append(" ".join(data.split()))


#: Chinese words an English sentence quotes as an example of what people type (the search
#: box's help: “机构:乐山” shows only 乐山's materials); nothing else may stay Chinese.
EXAMPLE_WORDS = re.compile(r"机构|乐山")


def untranslated(html: str) -> list[str]:
    """The Chinese texts of a page that are not marked as data (each once, in page order)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    found = [text for text in reader.found
             if not (LATIN.search(text) and not HAN_CHARS.search(EXAMPLE_WORDS.sub("", text))
                     and not FULL_WIDTH.search(text))]
    return list(dict.fromkeys(found))


def shape_of(url: str) -> str:
    """An address with its ids and its query left out: /units/12/?year=2026 -> /units/N/?."""
    parts = urlparse(url)
    path = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    path = re.sub(r"/[0-9a-f]{8,}(?=/|$)", "/H", path)
    return path + ("?" if parts.query else "")


@dataclass
class Page:
    url: str
    status: int
    chinese: list[str] = field(default_factory=list)


def crawl(client, *, start: str = "/", per_shape: int = 2, max_pages: int = 400) -> list[Page]:
    """The pages the client reaches by following links from `start` (HTML pages only)."""
    queue, seen, shapes, pages = deque([start]), set(), {}, []
    while queue and len(pages) < max_pages:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        shape = shape_of(url)
        if shapes.get(shape, 0) >= per_shape:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            target = urljoin(url, response["Location"])
            if not urlparse(target).netloc and not SKIP.search(target):
                queue.appendleft(urlparse(target)._replace(scheme="", netloc="").geturl())
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages.append(Page(url, response.status_code, untranslated(html)))
        if response.status_code != 200:
            continue
        for href in re.findall(r'(?:href|hx-get)="([^"#]*)', html):
            href = href.replace("&amp;", "&")
            if not href or href.startswith(("mailto:", "tel:", "javascript:")):
                continue
            absolute = urlparse(urljoin(url, href))
            if absolute.netloc or absolute.scheme:
                continue
            local = absolute._replace(fragment="").geturl()
            if not SKIP.search(local) and local not in seen:
                queue.append(local)
    return pages
