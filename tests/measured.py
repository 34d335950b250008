"""Running a piece of code in a fresh process and measuring its wall time and peak memory."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_WRAPPER = """
import json, resource, time, traceback
started = time.perf_counter()
outcome = {"raised": None}
try:
{body}
except BaseException as exc:
    outcome["raised"] = type(exc).__name__
    outcome["message"] = str(exc)[:500]
    outcome["traceback"] = traceback.format_exc()[-2000:]
outcome["seconds"] = time.perf_counter() - started
# VmHWM: this process image's peak (ru_maxrss would include the parent's before exec).
try:
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    outcome["peak_mb"] = int(line.split()[1]) / 1024
except (OSError, StopIteration):
    outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("MEASURED " + json.dumps(outcome))
"""


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    raised: str | None
    message: str
    stdout: str


def run_measured(body: str, timeout: float = 300) -> Measured:
    """Run ``body`` (Python source) in a new interpreter from the repository root."""
    code = _WRAPPER.replace("{body}", textwrap.indent(textwrap.dedent(body), "    "))
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("MEASURED ")), None)
    assert line is not None, done.stderr[-3000:]
    outcome = json.loads(line[len("MEASURED ") :])
    return Measured(
        outcome["seconds"],
        outcome["peak_mb"],
        outcome["raised"],
        outcome.get("message", ""),
        done.stdout,
    )
