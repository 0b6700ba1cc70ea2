"""Small draws shared by the demo modules: people's names and phone numbers, per-key generators."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def person(rng: random.Random) -> str:
    """A name: surname and one or two given characters."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    """A mobile number (eleven digits)."""
    return "1" + rng.choice("3578") + "".join(str(rng.randint(0, 9)) for _ in range(9))


def keyed_rng(seed: int, key: str) -> random.Random:
    """A generator of its own per seed and key, so that skipping one object (written by an
    earlier run) changes no other draw."""
    return random.Random(f"{seed}:{key}")
