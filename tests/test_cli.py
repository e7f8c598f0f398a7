"""The command line's options beyond the tables: loss shape, noise, refused combinations, output checks."""

import os
import re
from pathlib import Path

import pytest

from lrlab.cli import ANIMATE_MAX_STEPS, main


def _error(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return exit_info.value.code, err


def test_curvature_means_the_second_derivative(capsys):
    main(["table", "--lr", "0.1", "--curvature", "6", "--centre", "2", "--w0", "0", "--steps", "1"])
    by_curvature = capsys.readouterr().out
    main(["table", "--lr", "0.1", "--a", "3", "--centre", "2", "--w0", "0", "--steps", "1"])
    assert capsys.readouterr().out == by_curvature
    # w1 = 0 - 0.1 * 6 * (0 - 2) = 1.2; loss 3 * (1.2 - 2)^2 = 1.92
    assert by_curvature == "After 0 steps,W is 1.200000 ,loss is 1.920000\n"


def test_noise_and_seed(capsys):
    main(["table", "--noise", "1", "--seed", "4", "--steps", "3"])
    first = capsys.readouterr().out
    main(["table", "--noise", "1", "--seed", "4", "--steps", "3"])
    assert capsys.readouterr().out == first
    main(["table", "--steps", "3"])
    assert capsys.readouterr().out != first


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["table", "--lr", "1e39"],
            "`learning_rate` must be within float32's range (|x| <= 3.403e+38). Received: learning_rate=1e+39",
        ),
        (["table", "--w0=-1e39"], "`w0` must be within float32's range"),
        (["table", "--decay-steps", "0"], "--decay-steps needs --decay-rate"),
        (["table", "--staircase"], "--staircase needs --decay-rate"),
        (["table", "--a", "1", "--curvature", "2"], "argument --curvature: not allowed with argument --a"),
        (["table", "--curvature", "0"], "`curvature` must be finite and > 0. Received: curvature=0.0"),
        (["table", "--noise", "nan"], "`noise` must be finite and >= 0. Received: noise=nan"),
        (["table", "--seed", "-1", "--noise", "1"], "`seed` must be None, an int >= 0"),
        (
            ["animate", "--steps", "100000", "-o", "x.gif"],
            f"`steps` must be an int between 1 and {ANIMATE_MAX_STEPS} for animate (one frame per update). Received: steps=100000",
        ),
        (
            ["animate", "-o", "/no/such/folder/x.gif"],
            "`output` must be in an existing folder. Received: output='/no/such/folder/x.gif'",
        ),
        (
            ["animate", "-o", "descent.png"],
            "`output` must be a file name ending in .gif. Received: output='descent.png'",
        ),
        (
            ["animate", "--fps", "0", "-o", "x.gif", "--steps", "1"],
            "`fps` must be an int between 1 and 60. Received: fps=0",
        ),
        (
            ["animate", "--steps", "0", "-o", "x.gif"],
            "`steps` must be an int between 1 and 500 for animate (one frame per update). Received: steps=0",
        ),
        (
            ["animate", "-o", "a" * 300 + ".gif"],
            "`output` must be a path the file system accepts (File name too long). Received: output='aaa",
        ),
    ],
)
def test_bad_input_is_a_message_not_a_traceback(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err = _error(argv, capsys)
    assert code == 2 and message in err, err
    assert not (tmp_path / "x.gif").exists()


def test_unwritable_output_is_a_message(capsys, tmp_path, monkeypatch):
    """A folder the user may not write in (read-only here for every user, root included, whom permission bits
    do not stop)."""
    import lrlab.cli

    folder = tmp_path / "locked"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        lrlab.cli.os, "access", lambda path, mode: False if Path(path) == folder else real_access(path, mode)
    )
    code, err = _error(["animate", "-o", str(folder / "x.gif"), "--steps", "1"], capsys)
    assert code == 2 and re.search(r"`output` must be a file you can write", err)
    assert not (folder / "x.gif").exists()


def test_write_failure_during_save_is_a_message(capsys, tmp_path, monkeypatch):
    import lrlab.animation

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lrlab.animation, "save_gif", refuse)
    code, err = _error(["animate", "-o", str(tmp_path / "x.gif"), "--steps", "1"], capsys)
    assert code == 1 and "could not write" in err and "Permission denied" in err


@pytest.mark.parametrize("steps", [2, 20000])  # a short table, and one far bigger than a pipe's buffer
def test_a_closed_pipe_ends_quietly(steps):
    """`python -m lrlab table | head -2`: no traceback, no "Exception ignored", the lines head took intact."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "lrlab", "table", "--lr", "0.2", "--steps", str(steps)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = [proc.stdout.readline() for _ in range(2)]
    proc.stdout.close()  # what head does after its two lines
    err = proc.stderr.read().decode()
    proc.stderr.close()
    code = proc.wait(timeout=60)
    assert err == ""
    assert first[0].decode() == "After 0 steps,W is 2.600000 ,loss is 12.959999\n"
    assert first[1].decode().startswith("After 1 steps,W is 1.160000 ")
    assert code in (0, 141) and (steps == 2 or code == 141)  # 141 = 128 + SIGPIPE, as cat and yes end


def test_a_closed_pipe_through_a_shell(tmp_path):
    import shutil
    import subprocess
    import sys

    if shutil.which("head") is None:
        pytest.skip("no head here")
    cmd = f"'{sys.executable}' -m lrlab table --lr 0.2 --steps 20000 | head -2"
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert out.stderr == "" and out.returncode == 0
    assert out.stdout.splitlines()[0] == "After 0 steps,W is 2.600000 ,loss is 12.959999"
    assert len(out.stdout.splitlines()) == 2


def test_animate_says_what_it_draws_and_shows_progress(capsys, tmp_path):
    assert main(["animate", "--steps", "3", "-o", str(tmp_path / "d.gif")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"drawing 4 frames into {tmp_path / 'd.gif'}\n")
    assert [int(n) for n in re.findall(r"frame (\d+) of 4", err)] == [1, 2, 3, 4]
    assert err.endswith(f"wrote {tmp_path / 'd.gif'} (4 frames)\n")
