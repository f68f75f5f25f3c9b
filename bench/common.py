"""Shared helpers for the benchmarks: timing statistics and a small HTTP client for the JSON API."""

import json
import statistics
import time
import urllib.request


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def percentile(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(percentile(0.95), 2),
        "p99_ms": round(percentile(0.99), 2),
        "max_ms": round(ordered[-1], 2),
    }


def line(label: str, stats: dict) -> str:
    return (
        f"{label:<44} n={stats['n']:<6} median {stats['median_ms']:>8.2f} ms   p95 {stats['p95_ms']:>8.2f} ms"
        f"   p99 {stats['p99_ms']:>8.2f} ms"
    )


class Api:
    """Keeps one connection's worth of state: base URL and bearer token."""

    def __init__(self, base: str):
        self.base = base
        self.token = None

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = 30):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
        return json.loads(payload) if payload[:1] in (b"{", b"[") else payload.decode()

    def login(self, username: str, password: str) -> None:
        self.token = self.call("POST", "/api/v1/auth/tokens", {"username": username, "password": password})["token"]

    def timed(self, method: str, path: str, body: dict | None = None) -> tuple[float, object]:
        start = time.perf_counter()
        result = self.call(method, path, body)
        return (time.perf_counter() - start) * 1000, result
