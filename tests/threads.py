"""Calls started at the same moment, each in its own thread and database connection:
the races that a double click or two browser tabs make (PostgreSQL only; SQLite
serialises writes)."""

import threading

from django.db import connections


def run_together(calls) -> list:
    """Start every call at the same moment in its own thread and connection; each
    call's result, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # the test looks at each outcome
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results
