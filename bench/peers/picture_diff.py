#!/usr/bin/python3
"""Compare two pictures of the same map (e.g. zhenmap render against a peer, issue 24).

  picture_diff.py A.png B.png [--threshold 48]

Prints JSON {"differing_share": .., "width": .., "height": ..}: the share of pixels whose largest
channel difference (R, G, B or A, 0..255) exceeds the threshold. Exits 2 if the sizes differ.
"""
import argparse
import json
import sys

import numpy as np
from PIL import Image


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--threshold", type=int, default=48)
    args = ap.parse_args()
    a = Image.open(args.a).convert("RGBA")
    b = Image.open(args.b).convert("RGBA")
    if a.size != b.size:
        print(json.dumps({"error": "sizes differ", "a": list(a.size), "b": list(b.size)}))
        sys.exit(2)
    diff = np.abs(np.asarray(a, dtype=np.int16) - np.asarray(b, dtype=np.int16)).max(axis=2)
    share = float((diff > args.threshold).mean())
    print(json.dumps({"differing_share": round(share, 6), "width": a.size[0], "height": a.size[1]}))


if __name__ == "__main__":
    main()
