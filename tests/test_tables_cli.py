import re
import subprocess
import sys

import numpy as np
import pytest

import lrlab
from lrlab.cli import main

# The 22 lines the course printed, character for character.
SEED_OUTPUT = """\
After 0 steps,W is 2.600000 ,loss is 12.959999
After 1 steps,W is 1.160000 ,loss is 4.665599
After 2 steps,W is 0.296000 ,loss is 1.679616
After 3 steps,W is -0.222400 ,loss is 0.604662
After 4 steps,W is -0.533440 ,loss is 0.217678
After 5 steps,W is -0.720064 ,loss is 0.078364
After 6 steps,W is -0.832038 ,loss is 0.028211
After 7 steps,W is -0.899223 ,loss is 0.010156
After 8 steps,W is -0.939534 ,loss is 0.003656
After 9 steps,W is -0.963720 ,loss is 0.001316
After 10 steps,W is -0.978232 ,loss is 0.000474
After 11 steps,W is -0.986939 ,loss is 0.000171
After 12 steps,W is -0.992164 ,loss is 0.000061
After 13 steps,W is -0.995298 ,loss is 0.000022
After 14 steps,W is -0.997179 ,loss is 0.000008
After 15 steps,W is -0.998307 ,loss is 0.000003
After 16 steps,W is -0.998984 ,loss is 0.000001
After 17 steps,W is -0.999391 ,loss is 0.000000
After 18 steps,W is -0.999634 ,loss is 0.000000
After 19 steps,W is -0.999781 ,loss is 0.000000
After 20 steps,W is -0.999868 ,loss is 0.000000
After 21 steps,W is -0.999921 ,loss is 0.000000
"""


def test_seed_table_matches_course():
    lines = lrlab.seed_table(lrlab.descend(0.2)).splitlines()
    assert len(lines) == 40
    assert "\n".join(lines[:22]) + "\n" == SEED_OUTPUT
    assert lines[39] == "After 39 steps,W is -1.000000 ,loss is 0.000000"


def test_decay_table_first_line_and_one_step_ahead_rate():
    sched, traj = lrlab.course_decay_run()
    lines = lrlab.decay_table(traj, sched).splitlines()
    assert len(lines) == 40
    assert lines[0] == (
        "After 0 steps: global_step is 1.000000, w is 3.800000, learning rate is 0.099000, loss is 23.040001"
    )
    # update 0 used the rate 0.1; the printed rate is the next step's
    assert traj.lr[0] == np.float32(0.1)
    assert f"{traj.lr[1]:f}" == "0.099000"


def test_decay_table_accepts_plain_callable():
    sched = lrlab.exponential_decay(0.1, 1, 0.99, staircase=True)
    traj = lrlab.descend(sched, steps=3)
    text = lrlab.decay_table(traj, lambda k: float(sched(k)))
    assert text.splitlines()[0].endswith("learning rate is 0.099000, loss is 23.040001")


def test_tables_reject_batches_and_non_trajectories():
    with pytest.raises(ValueError, match="`trajectory` must be a single run"):
        lrlab.seed_table(lrlab.descend(np.array([0.1, 0.2])))
    with pytest.raises(TypeError, match=re.escape("Received: trajectory=[1, 2]")):
        lrlab.seed_table([1, 2])
    with pytest.raises(TypeError, match="`schedule` must be a schedule"):
        lrlab.decay_table(lrlab.descend(0.1), 0.1)


def test_tf2_table_shows_the_loss_before_the_update_and_the_rate_used():
    lines = lrlab.tf2_table(lrlab.descend(0.2, steps=2)).splitlines()
    assert lines == [
        "After 0 epoch,w is 2.600000,loss is 36.000000,lr is 0.200000",
        "After 1 epoch,w is 1.160000,loss is 12.959999,lr is 0.200000",
    ]


def test_course_tf2_run_is_the_courses_tf2_settings():
    schedule, run = lrlab.course_tf2_run()
    assert run.steps == 40 and run.dtype == np.float32
    np.testing.assert_allclose(schedule(np.arange(40)), 0.2 * 0.99 ** np.arange(40), rtol=1e-15)
    assert lrlab.tf2_table(run).splitlines()[0] == "After 0 epoch,w is 2.600000,loss is 36.000000,lr is 0.200000"
    assert lrlab.course_tf2_run(epochs=3)[1].steps == 3


def test_tf2_table_and_run_reject_bad_input():
    with pytest.raises(ValueError, match="`trajectory` must be a single run"):
        lrlab.tf2_table(lrlab.descend(np.array([0.1, 0.2])))
    with pytest.raises(TypeError, match=re.escape("Received: trajectory='run'")):
        lrlab.tf2_table("run")
    with pytest.raises(
        ValueError, match=re.escape("`epochs` must be an int between 0 and 100,000. Received: epochs=-1")
    ):
        lrlab.course_tf2_run(epochs=-1)
    with pytest.raises(TypeError, match=re.escape("`epochs` must be an int. Received: epochs=True")):
        lrlab.course_tf2_run(epochs=True)


def test_cli_table_prints_seed(capsys):
    assert main(["table", "--lr", "0.2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(SEED_OUTPUT)
    assert len(out.splitlines()) == 40


def test_cli_decay_table(capsys):
    main(["table", "--lr", "0.1", "--decay-rate", "0.99", "--decay-steps", "1", "--staircase", "--steps", "2"])
    out = capsys.readouterr().out.splitlines()
    assert out[1] == (
        "After 1 steps: global_step is 2.000000, w is 2.849600, learning rate is 0.098010, loss is 14.819419"
    )


def test_cli_options_w0_steps_dtype(capsys):
    main(["table", "--lr", "1", "--steps", "2", "--w0", "3", "--dtype", "float64"])
    assert capsys.readouterr().out == (
        "After 0 steps,W is -5.000000 ,loss is 16.000000\nAfter 1 steps,W is 3.000000 ,loss is 16.000000\n"
    )


def _tf2_course_printed() -> list[str]:
    """The lines the course's TF2 program printed, recorded with TensorFlow 2 (tests/data/frameworks.json)."""
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).parent / "data" / "frameworks.json").read_text(encoding="utf-8"))
    return data["tf2_course"]["printed"]


@pytest.mark.parametrize(
    "argv",
    [
        ["table", "--edition", "tf2"],  # the course's settings, through lrlab.course_tf2_run
        # the same settings spelled out, plus --a 1 (the default loss): the general path, in_float64 schedule
        ["table", "--edition", "tf2", "--lr", "0.2", "--decay-rate", "0.99", "--decay-steps", "1", "--a", "1"],
    ],
)
def test_cli_tf2_edition_prints_the_recorded_tensorflow2_lines(argv, capsys):
    assert main(argv) == 0
    printed = _tf2_course_printed()
    assert len(printed) == 40
    assert capsys.readouterr().out == "\n".join(printed) + "\n"


def test_cli_tf2_edition_options(capsys):
    main(["table", "--edition", "tf2", "--decay-rate", "1", "--steps", "3"])  # a constant rate, TF2's format
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "After 1 epoch,w is 1.160000,loss is 12.959999,lr is 0.200000"
    assert len(lines) == 3 and all(line.endswith(",lr is 0.200000") for line in lines)
    main(["table", "--edition", "tf2", "--steps", "2", "--w0", "0", "--decay-steps", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "After 0 epoch,w is -0.400000,loss is 1.000000,lr is 0.200000",
        f"After 1 epoch,w is {-0.4 - 0.2 * 0.99**0.5 * 2 * 0.6:f},loss is 0.360000,lr is {0.2 * 0.99**0.5:f}",
    ]
    main(["table", "--steps", "1"])  # the default edition is still TF1's
    assert capsys.readouterr().out == "After 0 steps,W is 2.600000 ,loss is 12.959999\n"


def test_cli_tf2_edition_refuses_staircase(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["table", "--edition", "tf2", "--decay-rate", "0.9", "--staircase"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--staircase has no counterpart in the course's TF2 edition" in err and "--edition tf1" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["table", "--lr", "-1"], "`learning_rate` must be finite and >= 0. Received: learning_rate=-1.0"),
        (["table", "--decay-rate", "2"], "`decay_rate` must be > 0 and <= 1. Received: decay_rate=2.0"),
        (["table", "--decay-rate", "0.5", "--decay-steps", "0"], "Received: decay_steps=0.0"),
        (["table", "--steps", "999999999"], "Received: steps=999999999"),
        (["table", "--lr", "fast"], "invalid float value: 'fast'"),
    ],
)
def test_cli_bad_input_is_a_clean_error(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_help_mentions_examples(capsys):
    with pytest.raises(SystemExit):
        main(["table", "--help"])
    out = capsys.readouterr().out
    assert "--decay-rate" in out and "python -m lrlab table --lr 0.2" in out


def test_python_dash_m_runs_and_imports_numpy_only():
    out = subprocess.run(
        [sys.executable, "-m", "lrlab", "table", "--lr", "0.2", "--steps", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == "After 0 steps,W is 2.600000 ,loss is 12.959999\n"
    code = "import sys, lrlab; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    mods = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert mods.stdout.strip() == "[]"
