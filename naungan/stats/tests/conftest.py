# The transfer tests' fixtures, for the aggregates of a transfer (test_transfer_aggregates.py).
from naungan.transfers.tests.conftest import kediri, pasuruan_case  # noqa: F401
