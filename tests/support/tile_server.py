#!/usr/bin/python3
"""A throwaway tile server for the tests: serves generated PNG tiles and misbehaves on request.

Paths (any query string is allowed; the tile's z/x/y are the last three path parts, the last
one with its extension):
  /ok/Z/X/Y.png            a 256x256 tile in one colour derived from (z, x, y)
  /key/Z/X/Y.png?tk=KEY    the same when tk equals --key, else 403
  /slow/MS/Z/X/Y.png       the tile after MS milliseconds
  /html/Z/X/Y.png          an HTML page with status 200 (what a login or quota page looks like)
  /e404/..., /e403/..., /e500/...   that status with an HTML body
  /flaky/N/Z/X/Y.png       503 for the first N requests of each tile, then the tile
  /hang/...                answers nothing for a minute
  /bomb/...                a PNG whose header claims 60000 x 60000 pixels
  /empty/...               204 No Content
  /wmts/caps.xml[?tk=KEY]  a WMTS capabilities document whose tiles are the /ok/ ones
Control (not counted): /_stats (JSON: count, paths, agents), /_reset.
The port is written to --port-file once the server listens (127.0.0.1, a free port).
Nothing is logged and no file other than the port file is written.
"""
import argparse
import json
import struct
import threading
import time
import zlib
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# A WMTS capabilities document (GET /wmts/caps.xml, not counted) for Web Mercator levels L0..L18,
# its tiles served as /ok/... (a RESTful template).
CAPABILITIES = """<?xml version="1.0"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" version="1.0.0">
 <Contents>
  <Layer><ows:Title>Test imagery</ows:Title><ows:Identifier>test</ows:Identifier><Format>image/png</Format>
   <TileMatrixSetLink><TileMatrixSet>web</TileMatrixSet></TileMatrixSetLink>
   <ResourceURL format="image/png" resourceType="tile"
     template="http://127.0.0.1:PORT/ok/{TileMatrix}/{TileCol}/{TileRow}.png"/>
  </Layer>
  <TileMatrixSet><ows:Identifier>web</ows:Identifier><ows:SupportedCRS>urn:ogc:def:crs:EPSG::3857</ows:SupportedCRS>
""" + "".join(
    f"""   <TileMatrix><ows:Identifier>L{z}</ows:Identifier><ScaleDenominator>{559082264.0287178 / 2 ** z}</ScaleDenominator>
    <TopLeftCorner>-20037508.3427892 20037508.3427892</TopLeftCorner><TileWidth>256</TileWidth><TileHeight>256</TileHeight>
    <MatrixWidth>{2 ** z}</MatrixWidth><MatrixHeight>{2 ** z}</MatrixHeight></TileMatrix>
""" for z in range(19)) + """  </TileMatrixSet>
 </Contents>
</Capabilities>
"""

LOCK = threading.Lock()
STATS = {"count": 0, "paths": [], "agents": []}
FLAKY = {}
KEY = None


def tile_colour(z, x, y):
    """The tile's colour; the tests compute it the same way."""
    return ((z * 40 + x * 7) % 256, (x * 13 + y * 29) % 256, (y * 11 + z * 3) % 256)


def png(width, height, rgb, claim=None):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    w, h = claim or (width, height)
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes(rgb) * width
    data = zlib.compress(row * height, 6)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a cancelled transfer is not news
        pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # silent: the tests grep every file written for the key
        pass

    def send(self, status, body, kind):
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cancelled: what the tests expect of it

    def do_GET(self):
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if parts == ["_stats"]:
            with LOCK:
                self.send(200, json.dumps(STATS).encode(), "application/json")
            return
        if parts == ["_reset"]:
            with LOCK:
                STATS.update(count=0, paths=[], agents=[])
                FLAKY.clear()
            self.send(200, b"{}", "application/json")
            return
        if parts == ["wmts", "caps.xml"]:
            if KEY and parse_qs(url.query).get("tk", [""])[0] != KEY:
                self.send(403, b"<html>key</html>", "text/html")
                return
            port = self.server.server_address[1]
            self.send(200, CAPABILITIES.replace("PORT", str(port)).encode(), "application/xml")
            return
        with LOCK:
            STATS["count"] += 1
            STATS["paths"].append(url.path)
            STATS["agents"].append(self.headers.get("User-Agent", ""))
        try:
            z = int("".join(c for c in parts[-3] if c.isdigit()))  # WMTS matrix ids such as "L7"
            x, y = int(parts[-2]), int(parts[-1].split(".")[0])
        except (ValueError, IndexError):
            self.send(400, b"<html>bad tile path</html>", "text/html")
            return
        mode = parts[0]
        html = b"<!DOCTYPE html><html><body>error</body></html>"
        if mode == "slow":
            time.sleep(int(parts[1]) / 1000.0)
        elif mode == "key":
            if parse_qs(url.query).get("tk", [""])[0] != KEY:
                self.send(403, html, "text/html")
                return
        elif mode == "html":
            self.send(200, html, "text/html; charset=utf-8")
            return
        elif mode.startswith("e") and mode[1:].isdigit():
            self.send(int(mode[1:]), html, "text/html")
            return
        elif mode == "flaky":
            with LOCK:
                seen = FLAKY.get(url.path, 0)
                FLAKY[url.path] = seen + 1
            if seen < int(parts[1]):
                self.send(503, html, "text/html")
                return
        elif mode == "hang":
            time.sleep(60)
            return
        elif mode == "bomb":
            self.send(200, png(1, 1, (255, 0, 0), claim=(60000, 60000)), "image/png")
            return
        elif mode == "empty":
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send(200, png(256, 256, tile_colour(z, x, y)), "image/png")


def main():
    global KEY
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--key", default="")
    args = ap.parse_args()
    KEY = args.key
    server = Server(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
