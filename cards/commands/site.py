"""`drillcards site`: the web page of every drill and session, with everything it links to."""

from __future__ import annotations

from pathlib import Path

from ..build.plan import render_site
from ..products.site import SITE
from .common import Edition, Report, count, write_files


def make_site(edition: Edition, out_dir: Path | None = None) -> Report:
    """Every file of the site into `out_dir` (default: out/site)."""
    result = render_site(edition.library, edition.options)
    out_dir = out_dir or edition.options.out / SITE
    report = edition.report()
    report.warn(result.warnings)
    report.written = write_files({out_dir / r: data for r, data in result.files.items()}, out_dir)
    report.say(
        f"wrote {out_dir / 'index.html'}: {count(result.drills, 'drill')} and "
        f"{count(result.sessions, 'session')}, {count(len(result.files), 'file')} in "
        f"{out_dir}; open index.html in a browser or copy the folder to your website"
    )
    return report
