"""Serving documents as standalone HTML pages: user text escaped, and headers that let a browser run nothing.

A page is self-contained: no scripts, no external resources (fonts, images, style sheets), at most one
inline ``<style>`` element, which the ``Content-Security-Policy`` allows by its hash and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import html

from litestar import Response

HTML_MEDIA_TYPE = "text/html"
"""Litestar adds ``; charset=utf-8``."""


def escape_html(text: str | None) -> str:
    """User text made inert in HTML, its line breaks kept as ``<br>``."""
    return html.escape(text or "").replace("\n", "<br>")


def document_headers(style: str | None = None) -> dict[str, str]:
    """Headers for a served document: a Content-Security-Policy that allows no script, no external resource,
    no form, no frame and no base URL, only the page's own ``style`` (by its SHA-256) when it has one; no
    sniffing of the content type, no referrer."""
    policy = ["default-src 'none'"]
    if style is not None:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        policy.append(f"style-src 'sha256-{digest}'")
    policy += ["base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]
    return {
        "Content-Security-Policy": "; ".join(policy),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def html_response(page: str, *, style: str | None = None, headers: dict[str, str] | None = None) -> Response[str]:
    """``page`` as a ``text/html`` response with the document headers (``style``: the text of its one
    ``<style>`` element, exactly as in the page)."""
    return Response(page, media_type=HTML_MEDIA_TYPE, headers={**document_headers(style), **(headers or {})})
