"""The routes of `drillcards serve`: pages for people, PDFs and PNGs for scripts.

Every PDF is what the CLI makes from the same input: the same product function, with the
options the CLI resolves (commands.common), on the library the server last read without a
mistake. Bad input is status 400 with the CLI's message, as text/plain for /pdf and /preview and
inside the page for pages; never a traceback. Only GET and HEAD, no request body, a capped query
string; no request value names a file; nothing is written to disk.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..commands.common import Edition
from ..data.library import slugify
from ..data.quoting import quoted
from ..data.selection import select_drills
from ..errors import DrillcardsError
from . import pool as jobs
from .live import LiveLibrary, Sources
from .pages import (
    builder_items,
    catalogue_context,
    drill_entry,
    render_page,
    static_files,
    theme_css,
)
from .pool import PICTURE_WIDTH, PREVIEW_WIDTH, THUMB_WIDTH, Busy, RenderPool
from .query import (
    BUILDER_KEYS,
    ITEM_KEYS,
    MAX_QUERY_BYTES,
    PRINT_KEYS,
    SESSION_KEYS,
    SessionQuery,
    make_session,
    one,
    parse_query,
)

# The pages' own script and style, and nothing from elsewhere; no inline script or style.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
SESSION_PARAMS = (*SESSION_KEYS, *ITEM_KEYS, "lang", "paper")
NEW_TITLE = "Training"  # the title a new session starts with, changed in the builder
_THUMBS = 256  # drill-sheet thumbnails kept in memory


def make_app(
    sources: Sources | None = None,
    workers: int = 0,
    watch: bool = True,
    allowed_hosts: tuple[str, ...] | None = None,
) -> Starlette:
    """The application over the library of `sources`; a mistake in them raises now."""
    sources = sources or Sources()
    live = LiveLibrary(sources)
    renders = RenderPool(workers)
    static = static_files()
    thumbs: dict[tuple, bytes] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if watch:
            live.watch()
        await run_in_threadpool(renders.start)
        try:
            yield
        finally:
            live.stop()
            renders.close()

    def edition(values: dict[str, list[str]], *keys: str) -> Edition:
        return live.edition(*(one(values, key) if key in keys else "" for key in PRINT_KEYS))

    # --- for scripts ---------------------------------------------------------------------------

    async def sheet(request: Request) -> Response:
        drill_id = request.path_params["drill_id"]
        made = await run_in_threadpool(_read, request, ("lang", "paper"), edition, "lang", "paper")
        _known_drill(made.library, drill_id)
        pdf = await renders.run(jobs.sheet_pdf, made.library, made.options, drill_id)
        return _pdf(pdf, f"{drill_id}.pdf")

    async def cards(request: Request) -> Response:
        values = parse_query(request.scope["query_string"], ("drill", *PRINT_KEYS))
        made = await run_in_threadpool(edition, values, *PRINT_KEYS)
        ids = tuple(d.strip() for d in values.get("drill", []))
        pdf = await renders.run(jobs.cards_pdf, made.library, made.options, ids)
        return _pdf(pdf, "cards.pdf")

    async def session_pdf(request: Request) -> Response:
        made, session, day = await run_in_threadpool(_session, request)
        pdf = await renders.run(jobs.session_pdf, made.library, made.options, session, day)
        return _pdf(pdf, f"{session.id}.pdf")

    async def session_png(request: Request) -> Response:
        made, session, day = await run_in_threadpool(_session, request)
        image = await renders.run(
            jobs.png, PREVIEW_WIDTH, jobs.session_pdf, made.library, made.options, session, day
        )
        return Response(image, media_type="image/png")

    async def check_session(request: Request) -> Response:
        """For the builder's script: the session's mistake as text, or nothing; always 200, so
        a session being typed in does not fill the browser's console with failed requests."""
        try:
            await run_in_threadpool(_session, request)
        except DrillcardsError as err:
            return PlainTextResponse(str(err) + "\n")
        return PlainTextResponse("")

    async def handout(request: Request) -> Response:
        made, session, _ = await run_in_threadpool(_session, request)
        library = made.library
        if not any(s is session for s in library.sessions):  # made here: one of the handout's
            taken = {s.id for s in library.sessions}
            ident = next(
                f"{session.id}-{n}" if n else session.id
                for n in range(len(taken) + 1)
                if (f"{session.id}-{n}" if n else session.id) not in taken
            )
            session = dataclasses.replace(session, id=ident)
            library = dataclasses.replace(library, sessions=(*library.sessions, session))
        drills = tuple(dict.fromkeys(item.drill for item in session.items))
        pdf = await renders.run(
            jobs.handout_pdf, library, made.options, (session.id,), drills, session.title
        )
        return _pdf(pdf, f"{slugify(session.title)}-handout.pdf")

    async def sheet_png(request: Request) -> Response:
        drill_id = request.path_params["drill_id"]
        made = await run_in_threadpool(_read, request, ("lang",), edition, "lang")
        _known_drill(made.library, drill_id)
        key = (live.current.generation, made.library.language, drill_id)
        image = thumbs.get(key)
        if image is None:
            image = await renders.run(
                jobs.png, THUMB_WIDTH, jobs.sheet_pdf, made.library, made.options, drill_id
            )
            if len(thumbs) >= _THUMBS:
                thumbs.pop(next(iter(thumbs)))
            thumbs[key] = image
        return Response(image, media_type="image/png")

    async def picture_png(request: Request) -> Response:
        drill_id = request.path_params["drill_id"]
        made = await run_in_threadpool(_read, request, ("lang",), edition, "lang")
        _known_drill(made.library, drill_id)
        picture = getattr(made.library.drill(drill_id), "picture", None)
        if picture is None:
            return PlainTextResponse(f"the drill {drill_id} has no picture\n", status_code=404)
        key = (live.current.generation, "picture", getattr(picture, "sha256", drill_id))
        image = thumbs.get(key)
        if image is None:
            image = await renders.run(
                jobs.png, PICTURE_WIDTH, jobs.picture_pdf, picture, PICTURE_WIDTH
            )
            if len(thumbs) >= _THUMBS:
                thumbs.pop(next(iter(thumbs)))
            thumbs[key] = image
        return Response(image, media_type="image/png")

    def _session(request: Request):
        values = parse_query(request.scope["query_string"], SESSION_PARAMS)
        made = edition(values, "lang", "paper")
        session, day = make_session(made.library, SessionQuery.from_values(values))
        return made, session, day

    # --- for people ----------------------------------------------------------------------------

    def page(name: str, context: dict, items: int, status: int = 200) -> HTMLResponse:
        loaded = live.get()
        club = loaded.club
        base = {
            "club_name": club.name,
            "footer": club.footer,
            "problem": live.problem,
            "languages": live.languages(),
            "lang": "",
            "new_title": NEW_TITLE,
        }
        html = render_page(sources.templates, name, {**base, **context}, items)
        return HTMLResponse(html, status_code=status)

    def catalogue_page(request: Request) -> Response:
        values = parse_query(request.scope["query_string"], ("lang", "level", "category", "q"))
        lang = one(values, "lang")
        made = edition(values, "lang")
        context = catalogue_context(
            made.library,
            made.library.labels,
            lang,
            one(values, "level"),
            one(values, "category"),
            one(values, "q"),
        )
        return page(
            "catalogue.html.j2",
            {**context, "lang": lang, "new_title": NEW_TITLE},
            len(made.library.drills) + len(made.library.sessions),
        )

    def drill_page(request: Request) -> Response:
        values = parse_query(request.scope["query_string"], ("lang",))
        lang = one(values, "lang")
        made = edition(values, "lang")
        drill_id = request.path_params["drill_id"]
        _known_drill(made.library, drill_id)
        entry = drill_entry(made.library.drill(drill_id), made.library.labels, lang)
        return page("drill.html.j2", {"drill": entry, "lang": lang, "new_title": NEW_TITLE}, 1)

    def builder_page(request: Request) -> Response:
        values = parse_query(request.scope["query_string"], (*SESSION_PARAMS, *BUILDER_KEYS))
        query = SessionQuery.from_values(values)
        if "add" in values or "op" in values:  # a button pressed without JavaScript
            changed = query.changed(values.get("add", []), values.get("op", []))
            extra = [(k, one(values, k)) for k in ("lang", "paper")]
            return RedirectResponse("/session?" + changed.query(*extra), status_code=303)
        lang, paper = one(values, "lang"), one(values, "paper")
        if query.session:  # a library session by id: opened as its fields, to be changed
            library = edition(values, "lang").library
            session = next((s for s in library.sessions if s.id == query.session), None)
            if session is not None:
                opened = SessionQuery.of_session(session)
                return RedirectResponse(
                    "/session?" + opened.query(("lang", lang), ("paper", paper)), 303
                )
        made = edition(values, "lang", "paper")
        library = made.library
        problem, status = None, 200
        if query.items or query.session:
            try:
                make_session(library, query)
            except DrillcardsError as err:
                problem, status = str(err), 400
        address = query.query(("lang", lang), ("paper", paper))
        context = {
            "query": query,
            "items": builder_items(library, query),
            "lang": lang,
            "paper": paper,
            "problem_here": problem,
            "address": address,
            "catalogue": [drill_entry(d, library.labels, lang) for d in library.drills],
            "session_pdf": "/pdf/session.pdf?" + address,
            "preview": "/preview/session.png?" + address,
            "handout": "/pdf/handout.pdf?" + address,
            "cards": "/pdf/cards.pdf?"
            + "&".join(
                [f"drill={quote(d)}" for d in query.drill_ids()]
                + [f"{k}={quote(v)}" for k, v in (("lang", lang), ("paper", paper)) if v]
            ),
            "ready": problem is None and bool(query.items),
            "new_title": NEW_TITLE,
        }
        return page("session.html.j2", context, len(library.drills) + len(query.items), status)

    def static_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "theme.css":
            return Response(theme_css(live.get().club), media_type="text/css")
        if name not in static:
            return PlainTextResponse(f"no file {quoted(name)} here", status_code=404)
        body, kind = static[name]
        return Response(body, media_type=kind)

    def as_page(handler: Callable[[Request], Response]) -> Callable[[Request], Awaitable]:
        """A page handler in a thread, its mistakes told in a page of their own."""

        async def endpoint(request: Request) -> Response:
            try:
                return await run_in_threadpool(handler, request)
            except DrillcardsError as err:
                message = str(err)
                return await run_in_threadpool(
                    lambda: page("problem.html.j2", {"message": message}, 0, 400)
                )

        return endpoint

    def as_script(handler):
        """A PDF or PNG handler whose mistakes are plain text, for scripts and for people."""

        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except DrillcardsError as err:
                return PlainTextResponse(str(err) + "\n", status_code=400)
            except Busy:
                return PlainTextResponse(
                    "drillcards is busy with other downloads; try again in a moment\n",
                    status_code=503,
                    headers={"retry-after": "1"},
                )

        return endpoint

    routes = [
        Route("/", as_page(catalogue_page)),
        Route("/drill/{drill_id}", as_page(drill_page)),
        Route("/session", as_page(builder_page)),
        Route("/pdf/sheet/{drill_id}.pdf", as_script(sheet)),
        Route("/pdf/cards.pdf", as_script(cards)),
        Route("/pdf/session.pdf", as_script(session_pdf)),
        Route("/pdf/handout.pdf", as_script(handout)),
        Route("/preview/session.png", as_script(session_png)),
        Route("/check/session", as_script(check_session)),
        Route("/preview/sheet/{drill_id}.png", as_script(sheet_png)),
        Route("/picture/{drill_id}.png", as_script(picture_png)),
        Route("/static/{name}", static_file),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.live = live
    return Guard(app, allowed_hosts)


def _read(request: Request, allowed: tuple[str, ...], edition, *keys: str) -> Edition:
    return edition(parse_query(request.scope["query_string"], allowed), *keys)


def _known_drill(library, drill_id: str) -> None:
    """An unknown drill is refused as `drillcards sheet` refuses it, did-you-mean and all."""
    select_drills(library, [drill_id])


def _pdf(pdf: bytes, name: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{name}"'},
    )


class Guard:
    """Around the application: GET and HEAD only, no body, the query string capped, the Host
    header one of ours (a web page elsewhere cannot reach a server on 127.0.0.1 by a name of its
    own), and the security headers on every response."""

    def __init__(self, app: Starlette, allowed_hosts: tuple[str, ...] | None) -> None:
        self.app = app
        self.allowed = allowed_hosts
        self.state = app.state

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            status, text = refusal
            response = PlainTextResponse(text + "\n", status_code=status, headers=HEADERS)
            await response(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() not in HEADERS
                ]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope) -> tuple[int, str] | None:
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        if scope["method"] not in ("GET", "HEAD"):
            return 405, f"{scope['method']}: drillcards serve only answers GET and HEAD"
        if (
            headers.get("content-length", "0").strip() not in ("", "0")
            or "transfer-encoding" in headers
        ):
            return 413, "a request to drillcards serve has no body"
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            return 414, "the address is too long"
        if self.allowed is not None:
            host = (
                headers.get("host", "").rsplit(":", 1)[0]
                if not headers.get("host", "").startswith("[")
                else headers["host"].split("]")[0] + "]"
            )
            if host not in self.allowed:
                return 400, f"the host {quoted(host)} is not this server's"
        return None
