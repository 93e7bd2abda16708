"""Pickup codes: short, random, and easy to read out at a shop counter."""

import secrets

# No 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G… pairs that look or sound alike once read out or handwritten.
PICKUP_CODE_ALPHABET = "ACDEFHJKMNPRTVWXY3479"
PICKUP_CODE_LENGTH = 6


def pickup_code_make(*, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """A fresh random pickup code (secrets, not random: it is what proves who may collect), not in `taken`."""
    while True:
        code = "".join(secrets.choice(PICKUP_CODE_ALPHABET) for _ in range(PICKUP_CODE_LENGTH))
        if code not in taken:
            return code
