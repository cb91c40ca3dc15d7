import statistics
import time


def report(label, fn, repeat=5):
    """Print the median wall time of `fn` over `repeat` runs. Measures; never asserts."""
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    print(f"{label:<55} median {statistics.median(samples):8.1f} ms  (min {min(samples):.1f})")
