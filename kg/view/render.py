"""Render the page with the project's own template, vis-network and its scripts inlined: one offline file."""
from __future__ import annotations

import base64
import hashlib
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from kg.errors import KGError
from kg.view.style import legend

VIS_DIR = "templates/lib/vis-9.1.2"
OWN_SCRIPTS = ("dom.js", "panels.js", "timeline.js", "map.js", "app.js")  # in this order: app.js starts the others


def render_page(payload: dict[str, Any], *, notice: str, summary: str) -> str:
    """Return the HTML page: the template filled with ``payload``, every script and style inline.

    Everything that comes from data is escaped: text by autoescape, the payload by ``tojson``
    (which writes ``<``, ``>``, ``&`` and ``'`` as ``\\u003c``… so no ``</script>`` can close the
    data block). A Content-Security-Policy allows only the page's own scripts, by hash, and no
    network at all.
    """
    vis_js, vis_css = _vis_asset("vis-network.min.js"), _vis_asset("vis-network.css")
    scripts = [vis_js] + [_own_asset(name) for name in OWN_SCRIPTS]
    world = _own_asset("countries-110m.json") if payload["hasMap"] else ""  # outlines, only with places to show
    for name, text, closer in (("vis-network.min.js", vis_js, "</script"),
                               *((name, text, "</script") for name, text in zip(OWN_SCRIPTS, scripts[1:])),
                               ("vis-network.css", vis_css, "</style"),
                               ("countries-110m.json", world, "</script")):
        if closer in text.lower():
            raise KGError(f"{name} contains {closer}> and cannot be inlined")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    template = env.from_string(_own_asset("page.html"))
    return template.render(
        title=payload["title"], notice=notice, summary=summary, data=payload, legend=legend(),
        mode=payload["mode"], hops=payload["hops"], quads_present={q[0] for q in payload["quads"]},
        scripts=[Markup(text) for text in scripts], vis_css=Markup(vis_css), world=Markup(world),
        script_hashes=" ".join(_csp_hash(text) for text in scripts),
    )


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _vis_asset(name: str) -> str:
    """Return a file of the vis-network build that ships inside pyvis."""
    folder = resources.files("pyvis")
    for part in VIS_DIR.split("/"):
        folder = folder.joinpath(part)
    return folder.joinpath(name).read_text(encoding="utf-8")


def _own_asset(name: str) -> str:
    return resources.files("kg.view").joinpath("templates").joinpath(name).read_text(encoding="utf-8")
