"""The load half of the benchmarks (bench/run.py, bench/residents_run.py): gunicorn started and
stopped on 127.0.0.1, wrk in rounds with a Lua script of paths, and the rounds summarised.

This is a benchmark, not a test: it never runs under pytest.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


LANGUAGE = "fi"


# --- 3. gunicorn ------------------------------------------------------------------------------


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def start_gunicorn(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    if not port_is_free(port):
        raise SystemExit(f"Something already listens on {HOST}:{port}; stop it first.")
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "portal.wsgi",
        "-w", str(workers),
        "--threads", str(threads),
        "-b", f"{HOST}:{port}",
        "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until_ready(process, port)
    except BaseException:
        stop_gunicorn(process)
        raise
    return process


def wait_until_ready(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    url = f"http://{HOST}:{port}/{LANGUAGE}/bench/fortunes/"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up.")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s.")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else None


# --- 4. wrk -----------------------------------------------------------------------------------

LUA = """
local paths = {%(paths)s}
local started = 0
function setup(thread)
  thread:set("offset", started * 7)
  started = started + 1
end
function init(args)
  -- args[1]: where this run starts in the list (cold scenarios never repeat a URL)
  counter = (offset or 0) + (tonumber(args[1]) or 0)
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCHJSON {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"errors\\": %%d, " ..
    "\\"status_errors\\": %%d, \\"p50_us\\": %%d, \\"p90_us\\": %%d, \\"p95_us\\": %%d, " ..
    "\\"p99_us\\": %%d, \\"max_us\\": %%d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max))
end
"""


def lua_script(directory: Path, name: str, paths: list[str]) -> Path:
    quoted = ", ".join(json.dumps(p) for p in paths)
    script = directory / f"{name}.lua"
    script.write_text(LUA % {"paths": quoted})
    return script


def cpu_jiffies() -> int:
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
    return user + nice + system + irq + softirq


def run_wrk(
    port: int, script: Path, seconds: int, connections: int, threads: int, start: int = 0
) -> dict:
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(script), f"http://{HOST}:{port}", "--", str(start),
    ]  # fmt: skip
    before = cpu_jiffies()
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    cpu_ms = (cpu_jiffies() - before) * 1000 / os.sysconf("SC_CLK_TCK")
    load = float(Path("/proc/loadavg").read_text().split()[0])
    line = next(line for line in output.splitlines() if line.startswith("BENCHJSON "))
    raw = json.loads(line.removeprefix("BENCHJSON "))
    requests = max(raw["requests"], 1)
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "requests": raw["requests"],
        "errors": raw["errors"],
        "status_errors": raw["status_errors"],
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "cpu_ms_per_request": round(cpu_ms / requests, 3),
        "loadavg_1m": load,
    }


def summarise(rounds: list[dict], scenarios: list[str]) -> dict:
    summary = {}
    for name in scenarios:
        # A cold scenario's rounds that came back to URLs already asked (the list ran out) are
        # not cold: left out while any round is (residents_run.py marks them "repeated").
        fresh = [r for r in rounds if not r[name].get("repeated")] or rounds
        runs = [r[name] for r in fresh]
        ratios = [r[name]["rps"] / r["baseline"]["rps"] for r in fresh]
        summary[name] = {
            "rounds": len(fresh),
            "rps_median": round(statistics.median(r["rps"] for r in runs), 1),
            "rps_min": min(r["rps"] for r in runs),
            "rps_max": max(r["rps"] for r in runs),
            "ratio_median": round(statistics.median(ratios), 3),
            "ratio_min": round(min(ratios), 3),
            "ratio_max": round(max(ratios), 3),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 2),
            "p95_ms": round(statistics.median(r["p95_ms"] for r in runs), 2),
            "p95_ms_worst": round(max(r["p95_ms"] for r in runs), 2),
            "p99_ms": round(statistics.median(r["p99_ms"] for r in runs), 2),
            "cpu_ms_per_request": round(
                statistics.median(r["cpu_ms_per_request"] for r in runs), 3
            ),
            "errors": sum(r["errors"] + r["status_errors"] for r in runs),
        }
    return summary
