"""What each exercise checker says to each answer: one table, read by the English and the Chinese feedback tests."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
from hostile import ReprRaises

import lrlab
from lrlab.exercises import nb01, nb02, nb03, nb04, nb05


class Both(tuple):
    """The two answers of nb03.reach_fast (the learning rate, then the decay rate) in one row of the table."""

    def __new__(cls, learning_rate, decay_rate):
        return super().__new__(cls, (learning_rate, decay_rate))


def floor():
    return float(lrlab.noise_floor(0.1, 3.0, lrlab.Quadratic(a=2.0, centre=3.0)))


def why_decay_values() -> dict[str, float]:
    """The right ratio and the numbers each known mistake gives, worked out with lrlab for σ = 1, T = 100."""
    sigma, steps = nb04.WHY_NOISE, nb04.WHY_STEPS
    rate = lrlab.best_constant_rate(steps, noise=sigma)
    const = float(lrlab.expected_loss(rate, steps=steps, noise=sigma)[-1])
    bound = lrlab.best_possible_loss(steps, noise=sigma)
    two = lrlab.best_constant_rate(steps, noise=2.0)
    long = lrlab.best_constant_rate(3000, noise=sigma)
    return {
        "right": const / bound,
        "inverted": bound / const,
        "difference": const - bound,
        "floor": float(lrlab.noise_floor(rate, sigma)) / bound,
        "course rate": float(lrlab.expected_loss(0.2, steps=steps, noise=sigma)[-1]) / bound,
        "sigma 2": float(lrlab.expected_loss(two, steps=steps, noise=2.0)[-1])
        / lrlab.best_possible_loss(steps, noise=2.0),
        "T 3000": float(lrlab.expected_loss(long, steps=3000, noise=sigma)[-1])
        / lrlab.best_possible_loss(3000, noise=sigma),
    }


WHY_DECAY = why_decay_values()

#: What each checker says: for every branch, (answer, right or not, a fragment of the message).
FEEDBACK = {
    # 01-1: 3w² − 12w + 20 = 3·(w − 2)² + 8 has f'' = 6, so 1/6; three significant figures
    nb01.one_step_rate: [
        (1 / 6, True, "1/6"),
        ("1/6", True, "1/6"),
        (" 1 / 6 ", True, "lands on the minimum 2"),
        ("0.167", True, "q = 0"),
        (0.1667, True, "q = 0"),
        (np.float32(1 / 6), True, "q = 0"),
        (np.array([0.167]), True, "q = 0"),
        (Fraction(1, 6), True, "q = 0"),
        (Decimal("0.1667"), True, "q = 0"),
        ("0.17", False, "3 significant figures"),
        (0.166, False, "3 significant figures"),
        (1 / 3, False, "bounces for ever"),
        ("1/3", False, "is 6"),
        (0.5, False, "whose f″ is 2"),
        ("1/12", False, "not the curvature"),
        (7, False, "q = 1 − η·f″"),
        ("2, -4", False, "not a list"),
        ([1 / 6], False, "not a list"),
        (np.array([1, 2]), False, "not a list"),
        ("0,167", False, "not a list"),
        ("one sixth", False, "could not read"),
        ("1/0", False, "divides by zero"),
        (float("inf"), False, "finite"),
        (True, False, "not True"),
        (1j, False, "real number"),
        (ReprRaises(), False, "a ReprRaises"),
    ],
    # 01-2 (predict): |q| = 0.4 for 0.3, 0.5 for 0.75
    nb01.closer_after_ten: [
        (0.3, True, "0.4 for η = 0.3"),
        ("0.3", True, "0.5 for η = 0.75"),
        (" '0.30' ", True, "0.4 for η = 0.3"),
        (0.75, False, "smaller |q| wins"),
        ("SAME", False, "(Not 0.75.)"),
        ("0.5", False, "Answer with one of '0.3', '0.75', 'same'"),
    ],
    # 01-3: from 5 to 2 in one update: 5 − η·12 = 2
    nb01.which_rate: [
        (0.25, True, "w lands on 2"),
        ("1/4", True, "the move is 0.25 × 12 = 3"),
        ("0.250", True, "w lands on 2"),
        (0.75, False, "mirror image"),
        (0.5, False, "one-step rate"),
        (0.3, False, "not 2w = 10"),
        (3, False, "divided by the gradient"),
        (0.24, False, "Close, but not to 3 significant figures"),
        (0.1, False, "What is the gradient"),
    ],
    # 01-4: at the bounce rate on 3(w − 2)² from 0, w bounces between 0 and 4
    nb01.bounce_points: [
        ([0, 4], True, "between 0 and 4"),
        ((4.0, 0.0), True, "between 0 and 4"),
        ("0, 4", True, "q = −1"),
        ("[4,0]", True, "q = −1"),
        ("(0; 4)", True, "q = −1"),
        ("0 4", True, "q = −1"),
        (np.array([0.0, 4.0]), True, "q = −1"),
        ({0, 4}, True, "q = −1"),
        ([0, -2], False, "mirror image of 0 across −1"),
        ([1, 3], False, "where w starts"),
        ([0, 3], False, "Where is the minimum"),
        ([0], False, "exactly two"),
        ([0, 4, 5], False, "you gave 3"),
        (4, False, "as a list"),
        ("0, x", False, "could not read 'x'"),
    ],
    # 01-2: one rate for (w + 1)² and 2(w − 3)²: |1 − 2η| = |1 − 4η| at η = 1/3
    nb01.one_rate_for_two: [
        ("1/3", True, "+0.3333 on (w + 1)² and -0.3333 on 2(w − 3)²"),
        (0.333, True, "shrink by the factor 0.3333"),
        (0.5, False, "whose f″ is 4, it is the bounce rate: the larger |q| is 1"),
        (0.25, False, "whose f″ is 2, it leaves q = 0.5"),
        (0.375, False, "the larger |q| at 0.5"),
        ("2/3", False, "not a"),
        (0.2, False, "f″ = 2 and 8"),
        (0.3, False, "1 − 2η = −(1 − 4η)"),
        (0.334, False, "Close, but not to 3 significant figures"),
    ],
    # 02-1: update 30 of the course's run uses 0.1 · 0.99^30
    nb02.rate_used: [
        (0.1 * 0.99**30, True, "0.07397"),
        ("0.07397", True, "0.07397"),
        ("0.1*0.99**30", False, "could not read"),
        (0.1 * 0.99**31, False, "line 30"),
        (0.1 * 0.99**29, False, "One update too early"),
        (0.099, False, "rate of update 1"),
        (0.074, False, "Close, but not to 4 significant figures"),
        (0.5, False, "0.1 · 0.99^k"),
    ],
    # 02-2: the constant rate with the decayed run's distance after 40 updates
    nb02.same_distance: [
        (0.0829, True, "both end 4.27e-03 from −1"),
        ("0.08287", True, "not the sum of the rates"),
        (0.0828, False, "the average of the 40 rates"),
        (0.1, False, "ends 8.0e-04 from −1"),
        (0.0676, False, "last rate"),
        (0.0669, False, "last rate"),
        (0.05, False, "Set the two equal"),
        (0.083, False, "Close, but not to 3 significant figures"),
        (0.917, False, "mirror rate"),
        ("0.91713", False, "below 1/f″"),
    ],
    # 02-2: 0.4 · γ^⌊25/10⌋ = 0.1, so γ = 0.5
    nb02.staircase_gamma: [
        (0.5, True, "⌊25/10⌋ = 2"),
        ("1/2", True, "0.4 · 0.5² = 0.1"),
        (0.25**0.4, False, "smooth schedule"),
        ("0.630", False, "rounded 25/10 up"),
        (0.25 ** (1 / 25), False, "every 10 updates"),
        (0.25, False, "not γ itself"),
        (0.51, False, "Close"),
        (0.9, False, "solve for γ"),
    ],
    # 02-3 (predict)
    nb02.staircase_or_smooth: [
        ("staircase", True, "never makes a rate smaller"),
        (" Staircase ", True, "never makes a rate smaller"),
        ("smooth", False, "update 5"),
        ("same", False, "updates 0, 10, 20, 30"),
        ("stairs", False, "Answer with one of"),
        (0.1, False, "Answer with one of"),
    ],
    # 02-4: the smallest γ (2 decimals) with |w∞ + 1| < 0.01 for η₀ = 0.1
    nb02.smallest_decay_rate: [
        (0.97, True, "would stop too early"),
        ("0.97", True, "budget estimate"),
        (0.968, True, "would stop too early"),
        (0.96, False, "too small"),
        (0.5, False, "w stops at"),
        (0.99, False, "you want the smallest"),
        (0.99999999, False, "you want the smallest"),
        (1, False, "between 0 and 1"),
        (0, False, "between 0 and 1"),
        (-0.5, False, "between 0 and 1"),
    ],
    # 03-1: η₀ ≥ 0.8 and γ that bring w within 0.001 of −1 in at most 15 updates (two answers)
    nb03.reach_fast: [
        (Both(None, None), False, "Replace"),
        (Both(0.9, None), False, "Replace"),
        (Both(0.5, 0.9), False, "at least 0.8"),
        (Both(0.9, 0.95), True, "within 0.001 of −1 after"),
        (Both("0.9", "0.95"), True, "within 0.001 of −1 after"),
        (Both(np.float32(0.9), np.array([0.95])), True, "within 0.001"),
        (Both(3.0, 0.99), False, "runs away"),
        (Both(0.8, 0.5), False, "freezes"),
        (Both(1.0, 0.999), False, "zig-zagging"),
        (Both(0.8, 2.0), False, "in (0, 1]"),
        (Both(0.8, "2,3"), False, "not a list"),
        (Both(0.8, 1.0), False, "zig-zagging"),
        (Both(1.5, 0.79), False, "Speed it up"),
    ],
    # 03-2 (predict)
    nb03.longer_horizon: [
        ("arrived", True, "The budget is η₀/(1 − γ) = 5"),
        ("Arrived", True, "inside 0.001"),
        ("frozen", False, "is that below 0.001?"),
        ("not there yet", False, "whether the budget is big enough"),
        ("diverged", False, "never crosses −1"),
        ("converges", False, "'arrived', 'not there yet'"),
    ],
    # 04-1: the noise floor of 2·(w − 3)² at η = 0.1 with σ = 3 is ησ²/(4(1 − aη)) = 9/32
    nb04.floor_height: [
        (floor(), True, "lrlab.noise_floor"),
        ("0.281", True, "lrlab.noise_floor"),
        ("9/32", True, "lrlab.noise_floor"),
        (" 0.2812 ", True, "lrlab.noise_floor"),
        (np.float32(0.28125), True, "lrlab.noise_floor"),
        (Decimal("0.281"), True, "lrlab.noise_floor"),
        (Fraction(9, 32), True, "lrlab.noise_floor"),
        (np.array([0.28125]), True, "lrlab.noise_floor"),
        (0.25, False, "where a = 1"),
        (0.140625, False, "variance of w"),
        (0.225, False, "1/(1 − aη)"),
        (0.09375, False, "σ² = 9"),
        (0.375, False, "not f″ = 2a = 4"),
        (0.283, False, "Close, but not to 3 significant figures"),
        (1.0, False, "E[loss] = ησ²/(4(1 − aη))"),
        ("0.28, 0.29", False, "one number, not a list"),
    ],
    # 04-2 (predict): halving η takes the floor below half
    nb04.halve_rate: [
        ("below", True, "drops below half"),
        (" Below ", True, "0.444"),
        ('"below"', True, "lrlab.noise_floor"),
        ("half", False, "η appears twice"),
        ("Less than half", True, "drops below half"),
        ("  below   half ", True, "0.444"),
        ("more than half", False, "the denominator grows"),
        ("1/2", False, "η appears twice"),
        ("halves", False, "η appears twice"),
        ("above", False, "the denominator grows"),
        ("sideways", False, "Answer with one of 'half', 'below', 'above'"),
        (0.7, False, "Answer with one of"),
    ],
    # 04-3: decay_steps = 60000/128 = 468.75, so the rate first drops at update 469
    nb04.first_drop: [
        (469, True, "not a whole number"),
        ("469", True, "0.099"),
        (469.0, True, "469 batches per epoch"),
        (np.int64(469), True, "⌊468/468.75⌋ = 0"),
        (468, False, "60000 // 128 = 468"),
        (470, False, "One too late"),
        (1, False, "decay_steps = 1"),
        (60000, False, "not one example"),
        (128, False, "How many updates make one epoch"),
        (100, False, "For which k does ⌊k/s⌋ first become 1"),
        (-3, False, "whole number ≥ 0"),
        (468.5, False, "whole number ≥ 0"),
    ],
    # 04-4: the best constant's expected loss over the lowest any schedule reaches (σ = 1, T = 100)
    nb04.why_decay: [
        (WHY_DECAY["right"], True, "A decaying schedule need not compromise"),
        (WHY_DECAY["inverted"], False, "You divided the other way"),
        (WHY_DECAY["difference"], False, "their ratio"),
        (WHY_DECAY["floor"], False, "After 100 updates it is not there yet"),
        (WHY_DECAY["course rate"], False, "the course's constant rate 0.2"),
        (WHY_DECAY["sigma 2"], False, "here σ = 1"),
        (WHY_DECAY["T 3000"], False, "here T = 100"),
        ("3.0", True, "the best it can do is a compromise, η = "),
        (3, True, "Why:"),
        ("约 3", True, "forget w₀ = 5"),
        (2.9, False, "not to 2 significant figures"),
        (10, False, "lrlab.best_constant_rate(100, noise=1.0)"),
        ("3, 4", False, "one number"),
    ],
    # 05-1: on 4·(w − 2)² at η = 0.02 the fastest heavy-ball momentum is (1 − √(ηf″))² = 0.36
    nb05.best_momentum: [
        (0.36, True, "0.60 per update"),
        ("9/25", True, "plain descent: 0.84"),
        (0.64, False, "(w + 1)², where ηf″ = 0.04"),
        (0.51, False, "a = 4"),
        (0.6, False, "its square"),
        (0.4, False, "√(ηf″). The best"),
        (0.71, False, "root is missing"),
        (0.84, False, "factor q"),
        (0.37, False, "Close"),
        (0.1, False, "β* = (1 − √(ηf″))², with f″ = 2a = 8"),
    ],
    # 05-2: with β = 0.5 on (w + 1)², w converges for η < 2(1 + β)/f″ = 1.5
    nb05.largest_rate: [
        (1.5, True, "= 1.5"),
        (1.0, False, "bound 2/f″"),
        (0.5, False, "not 1 − β"),
        (3.0, False, "Divide by f″ = 2"),
        (0.75, False, "factor 2 is missing"),
        (2.0, False, "β nears 1"),
        (1.2, False, "exactly when"),
    ],
    # 05-3: TensorFlow 1's RMSProp (its mean square starts at 1) moves w by 0.00105 in its first update
    nb05.tf1_first_step: [
        (0.00105, True, "0.001054"),
        (-0.00105, False, "without its sign"),
        (0.0316, False, "starts at 0"),
        (0.001, False, "plain descent's move η·g = 0.001"),
        (0.00111, False, "not by the mean square"),
        (0.01, False, "The gradient is g = 0.1"),
    ],
    # 05-4: Keras's Adam moves w by about η = 0.05 in its first update, whatever the scale of the loss
    nb05.adam_first_step: [
        (0.05, True, "|g| = 600, cancels"),
        ("1/20", True, "would move 30"),
        (-0.05, False, "without its sign"),
        (30, False, "plain descent's move η·|g| with |g| = 600"),
        (0.158, False, "bias corrections"),
        (1.58, False, "corrected m but not v"),
        (0.005, False, "corrected v but not m"),
        (1, False, "η·m̂/(√v̂ + ε)"),
    ],
}
