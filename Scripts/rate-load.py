"""A fixed-rate load on loopback: requests sent on a schedule (not as fast as the server answers),
each latency counted from the moment it was due, so that a stall shows in every request it held
up. Prints the rate reached, p50/p99/max and the answers that were not 2xx or 3xx.

    python3 Scripts/rate-load.py http://127.0.0.1:18090 --rate 200 --seconds 30 \\
        --header "Cookie: gongkai_session=…" /office /office/requests
"""

import argparse
import http.client
import threading
import time
from urllib.parse import urlparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    url = urlparse(args.base)
    headers = dict(h.split(": ", 1) for h in args.header)
    total = int(args.rate * args.seconds)
    start = time.monotonic() + 0.2
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            due = start + i / args.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            path = args.paths[i % len(args.paths)]
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
                status = f"{type(error).__name__}"
            elapsed = time.monotonic() - due
            with lock:
                latencies.append(elapsed)
                if not (isinstance(status, int) and 200 <= status < 400):
                    failures.append(f"{status} {path}")

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - start
    latencies.sort()

    def quantile(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    print(
        f"{len(latencies)} requests in {took:.1f} s ({len(latencies) / took:.0f}/s): "
        f"p50 {quantile(0.5):.1f} ms, p99 {quantile(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms, "
        f"{len(failures)} not 2xx/3xx{': ' + ', '.join(failures[:5]) if failures else ''}"
    )


if __name__ == "__main__":
    main()
