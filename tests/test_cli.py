"""The command line's options beyond the tables: loss shape, noise, seeds, what animate says while it draws.
(What it says to bad input is in test_contract.py.)"""

import re

from lrlab.cli import main


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


def test_animate_says_what_it_draws_and_shows_progress(capsys, tmp_path):
    assert main(["animate", "--steps", "3", "-o", str(tmp_path / "d.gif")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"drawing 4 frames into {tmp_path / 'd.gif'}\n")
    assert [int(n) for n in re.findall(r"frame (\d+) of 4", err)] == [1, 2, 3, 4]
    assert err.endswith(f"wrote {tmp_path / 'd.gif'} (4 frames)\n")
