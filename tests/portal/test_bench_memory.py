"""The bench's memory figures read /proc as documented."""

import os

from bench import run


def test_rss_peak_and_pss_of_a_live_process():
    peak, pss = run.peak_rss_mb(os.getpid()), run.pss_mb(os.getpid())
    assert peak > 0
    assert 0 < pss <= peak  # shared pages count in full in RSS, in part in PSS


def test_no_figures_for_a_process_that_is_gone():
    assert run.pss_mb(2**22 + 1) is None
    assert run.peak_rss_mb(2**22 + 1) is None
