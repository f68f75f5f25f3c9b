#!/usr/bin/env python3
"""Fetch the browser assets listed in vendor.json from the npm registry into hall/static/vendor/.

Needs only Python (no Node.js): each package's tarball is downloaded, its SHA-512 checked against the
integrity recorded in vendor.json, and the listed files extracted. Already present files are kept unless
--force. The registry is $NPM_CONFIG_REGISTRY or https://registry.npmjs.org.
"""

import argparse
import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "hall" / "static" / "vendor"


def tarball_url(registry: str, name: str, version: str) -> str:
    base = name.split("/")[-1]
    return f"{registry.rstrip('/')}/{name}/-/{base}-{version}.tgz"


def verify(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"integrity mismatch: expected {integrity}, got {algorithm}-{digest}")


def fetch(package: dict, registry: str, force: bool) -> None:
    wanted = {f"package/{source}": TARGET / target for source, target in package["files"].items()}
    stamp = TARGET / f".{package['name'].replace('/', '_')}.version"
    if (
        not force
        and stamp.exists()
        and stamp.read_text() == package["version"]
        and all(path.exists() for path in wanted.values())
    ):
        return
    url = tarball_url(registry, package["name"], package["version"])
    print(f"fetching {package['name']}@{package['version']} from {url}", flush=True)
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    verify(data, package["integrity"])
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.name in wanted:
                wanted[member.name].write_bytes(archive.extractfile(member).read())
                del wanted[member.name]
    if wanted:
        raise SystemExit(f"not in the package: {', '.join(wanted)}")
    stamp.write_text(package["version"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="download even if the files are present")
    arguments = parser.parse_args()
    registry = os.environ.get("NPM_CONFIG_REGISTRY") or "https://registry.npmjs.org"
    TARGET.mkdir(parents=True, exist_ok=True)
    for package in json.loads((ROOT / "vendor.json").read_text())["packages"]:
        fetch(package, registry, arguments.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
