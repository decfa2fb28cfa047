"""The day a build prints: today, or the day of SOURCE_DATE_EPOCH for reproducible builds. How
it is written is the language's (labels.Labels.date), whatever the machine's locale."""

from __future__ import annotations

import datetime as dt
import os

from ..errors import DrillcardsError


def build_date() -> dt.date:
    """Today where the club is, or the day of SOURCE_DATE_EPOCH when set (in UTC, as the PDF's
    stored dates), so two builds print the same date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError) as err:
        raise DrillcardsError(
            f"SOURCE_DATE_EPOCH={epoch[:40]!r}: must be a whole number of seconds since "
            "1970-01-01 UTC, such as the output of date +%s; set it so, or unset it"
        ) from err
