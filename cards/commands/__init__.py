"""One module per command, shared by the CLI and Python callers: each loads what it needs,
calls the products, writes atomically and returns a Report (common.py) the CLI prints.

cards.py     make_cards        pocket cards          sheet.py    make_sheets   drill sheets
session.py   make_session      session sheets        bundle.py   make_handout  club handouts
site.py      make_site         the web page          preview.py  make_previews PNG thumbnails
build.py     build             everything, per language, kept when unchanged
watch.py     watch             build on every save   check.py    check_all     check, write nothing
calibrate.py make_calibration  the duplex calibration sheet
"""
