"""Reads arrival times (monotonic seconds, one a line, as bench/delay_server.py's GET /arrivals gives them) of a
constant-rate client and prints how late each request arrived against a perfect schedule at RATE, the schedule's
phase fitted so that the earliest arrival is on time: p50, p99, p99.9 and the share later than 1 ms. Both generators
are measured by the same server clock, so their send punctuality can be compared.

    python3 bench/arrival_spacing.py RATE < arrivals.txt
"""

import math
import sys


def main():
    rate = float(sys.argv[1])
    arrivals = sorted(float(line) for line in sys.stdin if line.strip())
    if len(arrivals) < 2:
        sys.exit("arrival_spacing.py: fewer than two arrivals")
    interval = 1.0 / rate
    start = arrivals[0]
    # Slot k is intended at start + phase + k * interval; each arrival belongs to the slot it is nearest after.
    offsets = [(moment - start) - index * interval for index, moment in enumerate(arrivals)]
    phase = min(offsets)
    lags = sorted((offset - phase) * 1e6 for offset in offsets)

    def percentile(p):
        return lags[max(0, math.ceil(p / 100 * len(lags)) - 1)]

    late = sum(1 for lag in lags if lag > 1000) / len(lags)
    print(
        "arrivals=%d lag_p50_us=%.1f lag_p99_us=%.1f lag_p999_us=%.1f late_share=%.4f"
        % (len(lags), percentile(50), percentile(99), percentile(99.9), late)
    )


if __name__ == "__main__":
    main()
