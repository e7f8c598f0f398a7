"""node, for the tests of lrlab's browser code: one process per test file, answering one request after another.

A node start-up costs a tenth of a second or more; a test file asks dozens of questions (a property test asks one
per example), so each file starts tests/js/serve.mjs once, in a module-scoped fixture, and sends it function
bodies to run. Without node the tests that need it skip, saying so; with CI=true they fail instead.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SERVE = Path(__file__).parent / "js" / "serve.mjs"


def node_path() -> str:
    """Where node is; skips the test (fails it under CI=true) when it is not installed."""
    path = shutil.which("node")
    if path is None:
        message = "node is not installed, so lrlab's browser code cannot be run (install Node.js 20)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def with_number_texts(value):
    """``value`` for JSON, every float that is not finite written as {"number": "NaN"} (serve.mjs reads it back)."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"number": repr(value).replace("inf", "Infinity").replace("nan", "NaN")}
    if isinstance(value, dict):
        return {k: with_number_texts(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [with_number_texts(v) for v in value]
    return value


@contextlib.contextmanager
def node_process(modules: dict[str, str], timeout: float = 300.0) -> Iterator[Callable[..., Any]]:
    """tests/js/serve.mjs in one node process, for as long as the ``with`` lasts; gives ``run(body, input)``,
    which runs a function body there and returns what it returns (numbers that are not finite come back as the
    texts "NaN", "Infinity" and "-Infinity").

    ``modules`` maps names to module URLs (``Path.as_uri()`` or ``data:`` URLs): the body sees each module under
    its name, and ``input`` as it was sent."""
    with (
        tempfile.TemporaryFile(mode="w+", encoding="utf-8") as stderr,
        subprocess.Popen(
            [node_path(), str(SERVE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
        ) as proc,
    ):
        assert proc.stdin is not None and proc.stdout is not None
        stdin, stdout = proc.stdin, proc.stdout

        def run(body: str, input: Any = None) -> Any:
            request = {"modules": modules, "body": body, "input": with_number_texts(input)}
            stdin.write(json.dumps(request, allow_nan=False) + "\n")
            stdin.flush()
            ready, _, _ = select.select([stdout], [], [], timeout)
            line = stdout.readline() if ready else ""
            if not line:
                # an empty line when there was something to read: its output ended, so the process did
                why = f"it ended with exit code {proc.wait(timeout=10)}" if ready else f"none within {timeout} s"
                stderr.seek(0)
                pytest.fail(f"node gave no answer ({why}):\n{stderr.read()[-3000:]}")
            answer = json.loads(line)
            if "error" in answer:
                pytest.fail(f"the JavaScript threw:\n{answer['error']}")
            return answer["value"]

        try:
            yield run
        finally:
            stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
