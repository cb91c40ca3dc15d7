"""How much the fuzz tests generate: NAUNGAN_FUZZ_PROFILE=ci (default, in `make test` and CI) or
nightly (20 times more); a number N is N examples per API operation.

                         ci     nightly
API, per operation       25     500     (an anonymous client on a login-only operation: 5 / 50)
parser properties       200    5000     (pure functions)
properties with the DB   30     300     (each example in a transaction that is rolled back)"""

from __future__ import annotations

import os

PROFILE = os.environ.get("NAUNGAN_FUZZ_PROFILE", "ci")
_PROFILES = {"ci": (25, 5, 200, 30), "nightly": (500, 50, 5000, 300)}
if PROFILE.isdigit():
    _n = int(PROFILE)
    API_EXAMPLES, API_LOCKED_EXAMPLES, PARSER_EXAMPLES, DB_EXAMPLES = _n, max(5, _n // 10), _n * 8, max(30, _n)
else:
    API_EXAMPLES, API_LOCKED_EXAMPLES, PARSER_EXAMPLES, DB_EXAMPLES = _PROFILES[PROFILE]
