"""The preview's web server: the preview's files as they are now, never as a browser kept them.

Python's ``http.server`` answers a browser's ``If-Modified-Since`` from the file's
modification time in whole seconds, so a page rebuilt within the second it was
first served was answered "not modified", and the editor saw the old text after
reloading. The preview serves pages straight from the build, rewritten in place
on every save, so it asks browsers not to keep them (``Cache-Control: no-store``)
and answers every request with the file itself.

Sphinx rewrites a page in place. ``http.server`` sent the size the file had when it
was opened, then copied what it then held: a page rewritten in between was cut short
of the length announced, which a browser (or the bench) takes for a broken
connection. Here a file is read whole first, and its length is that of what was read.

    python -m policydocs.preview_server PORT --bind ADDRESS --directory DIRECTORY
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import urllib.parse
from http import HTTPStatus
from typing import Any


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Files under the served directory, each sent whole on every request."""

    def send_head(self) -> Any:
        del self.headers["If-Modified-Since"]  # a page rewritten within the same second is still new
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urllib.parse.urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        try:
            with open(path, "rb") as stream:
                body = stream.read()
        except OSError:  # a directory to redirect or list, or nothing there: as http.server answers
            return super().send_head()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the preview prints its rebuilds; a line per request would bury them


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", required=True)
    options = parser.parse_args(argv)
    handler = functools.partial(PreviewHandler, directory=options.directory)
    with http.server.ThreadingHTTPServer((options.bind, options.port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
