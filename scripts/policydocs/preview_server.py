"""The preview's web server: the preview's files as they are now, never as a browser kept them.

Python's ``http.server`` answers a browser's ``If-Modified-Since`` from the file's
modification time in whole seconds, so a page rebuilt within the second it was
first served was answered "not modified", and the editor saw the old text after
reloading. The preview serves pages straight from the build, rewritten in place
on every save, so it asks browsers not to keep them (``Cache-Control: no-store``)
and answers every request with the file itself.

    python -m policydocs.preview_server PORT --bind ADDRESS --directory DIRECTORY
"""

from __future__ import annotations

import argparse
import functools
import http.server
from typing import Any


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Files under the served directory, each sent whole on every request."""

    def send_head(self) -> Any:
        del self.headers["If-Modified-Since"]  # a page rewritten within the same second is still new
        return super().send_head()

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
