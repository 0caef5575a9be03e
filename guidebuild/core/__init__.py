"""Shared by every feature: problems with file:line and fix, verified cache writes, the URL rule, the page seam, Chromium and a loopback server."""
