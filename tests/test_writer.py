"""The background writer keeps the guarantees of writing inline: order, stop at first failure."""
import threading

import pytest

from kg.pipeline.writer import BackgroundWriter, WriteFailed


def test_items_are_written_in_order_and_reported_on_the_callers_thread():
    written, done, threads = [], [], set()
    caller = threading.get_ident()

    def write(items):
        threads.add(threading.get_ident())
        written.extend(items)

    with BackgroundWriter(write, lambda item: done.append((item, threading.get_ident())), depth=4) as writer:
        for item in range(100):
            writer.put(item)
    assert written == list(range(100))
    assert [item for item, _ in done] == list(range(100)) and {t for _, t in done} == {caller}
    assert threads and caller not in threads  # the writes ran on the writer's own thread


def test_the_first_failure_stops_the_writes_and_names_the_item():
    written, done = [], []

    def write(items):
        if 5 in items:
            raise OSError("No space left on device")
        written.extend(items)

    with pytest.raises(WriteFailed) as failure:
        with BackgroundWriter(write, done.append, depth=2) as writer:
            for item in range(50):
                writer.put(item)
    assert failure.value.item == 5 and isinstance(failure.value.error, OSError)
    assert written == [0, 1, 2, 3, 4] and done == written  # nothing after the failed item


def test_an_interruption_waits_for_the_write_in_progress_only():
    started, release, written = threading.Event(), threading.Event(), []

    def write(items):
        started.set()
        release.wait(5)
        written.extend(items)

    with pytest.raises(KeyboardInterrupt):
        with BackgroundWriter(write, lambda item: None, depth=8) as writer:
            for item in range(5):
                writer.put(item)
            started.wait(5)
            # the write in progress ends only once the interruption reached the writer
            threading.Thread(target=lambda: (writer._abandon.wait(5), release.set())).start()
            raise KeyboardInterrupt
    assert written == [0]  # the write in progress finished; the queued ones were not written


def test_depth_bounds_what_waits_in_memory():
    gate, peak = threading.Event(), []

    def write(items):
        gate.wait(5)

    with BackgroundWriter(write, lambda item: None, depth=3) as writer:
        blocked = threading.Thread(target=lambda: [writer.put(i) for i in range(10)])
        blocked.start()
        blocked.join(0.5)
        peak.append(writer._todo.qsize())
        assert blocked.is_alive()  # put waits while the queue is full
        gate.set()
        blocked.join(5)
    assert peak[0] <= 3


def test_batches_keep_the_order_and_a_failed_batch_is_reported_by_its_first_item():
    batches, done = [], []

    def write(items):
        if 23 in items:
            raise OSError("No space left on device")
        batches.append(list(items))

    with pytest.raises(WriteFailed) as failure:
        with BackgroundWriter(write, done.append, depth=4, batch=10) as writer:
            for item in range(40):
                writer.put(item)
    assert batches == [list(range(0, 10)), list(range(10, 20))]  # full batches, in order
    assert failure.value.item == 20 and done == list(range(20))  # nothing of the failed batch or after it


def test_the_last_batch_is_written_when_the_input_ends():
    batches = []
    with BackgroundWriter(batches.append, lambda item: None, depth=4, batch=8) as writer:
        for item in range(13):
            writer.put(item)
    assert batches == [list(range(8)), list(range(8, 13))]
