"""Dates printed on sheets and covers: English words, whatever the locale; reproducible builds."""

from __future__ import annotations

import datetime as dt
import os

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def format_date(date: dt.date) -> str:
    """'Tuesday 1 December 2026'."""
    return f"{DAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when set, so two builds print the same date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()
