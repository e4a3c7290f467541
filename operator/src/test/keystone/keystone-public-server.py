"""Serves Keystone's public API for tests: keystone-public-server.py <host> <port>.

The same single-threaded wsgiref server as Debian's keystone-wsgi-public (reliable with sqlite,
which uwsgi was not), with one change: every answer says "Connection: close". wsgiref answers
HTTP/1.0 and closes the socket after each request but does not say so, and clients that keep
connections alive unless told otherwise (the JDK HttpClient) then send their next request into
the closed socket ("header parser received no bytes").

Configuration comes from OS_KEYSTONE_CONFIG_DIR and OS_KEYSTONE_CONFIG_FILES.
"""
import sys
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, make_server

from keystone.server.wsgi import initialize_public_application

MAX_REQUEST_LINE = 65536


class ClosingServerHandler(ServerHandler):
    def cleanup_headers(self):
        super().cleanup_headers()
        self.headers["Connection"] = "close"


class ClosingRequestHandler(WSGIRequestHandler):
    def handle(self):
        # WSGIRequestHandler.handle, with the handler above in place of ServerHandler.
        self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = ClosingServerHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=False
        )
        handler.request_handler = self  # for the access log line
        handler.run(self.server.get_app())


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    del sys.argv[1:]  # Keystone parses the remaining arguments as its own options
    server = make_server(
        host, port, initialize_public_application(), handler_class=ClosingRequestHandler
    )
    print(f"Keystone serves http://{host}:{port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
