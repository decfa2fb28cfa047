"""From layout data and a drill to drawn boxes: Jinja in a sandbox, fitted text, QR codes, fonts."""
