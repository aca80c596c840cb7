"""What ``kg build`` shows on a terminal: a progress bar while it reads, a summary line at the end.

Presentation only: the CLI uses these, the library reports through ``on_document`` and
``BuildReport``. rich is imported only when a bar is shown.
"""
from __future__ import annotations


def build_summary(report, where) -> str:
    """The last line of ``kg build``: what it did, then what the store holds (each thing once)."""
    return (f"built {report.documents} documents ({report.unchanged} unchanged) in {report.seconds:.1f} s; "
            f"{where} holds {report.stored} documents, {report.actors} actors and places, {report.events} events, "
            f"{report.triples} statements; {len(report.skipped)} inputs skipped, {len(report.failed)} failed"
            + (f", {len(report.cut)} cut" if report.cut else "")
            + (" (stopped at the first failure: --fail-fast)" if report.stopped else ""))


class BuildProgress:
    """A progress bar on stderr (a terminal): documents read of the expected total, rate, time left.

    ``total`` is called only when the bar is shown (counting walks the inputs once more).
    """

    def __init__(self, show: bool, total):
        self.show = show
        self.total = total
        self.bar = None

    def __enter__(self):
        if not self.show:
            return lambda name: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, \
            TimeRemainingColumn

        self.bar = Progress(SpinnerColumn(), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
                            TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
                            TextColumn("{task.description}"), transient=True, console=Console(stderr=True, highlight=False, soft_wrap=False))
        self.bar.start()
        task = self.bar.add_task("", total=self.total(), rate="")

        def advance(name: str) -> None:
            self.bar.update(task, advance=1, description=name[-40:])
            speed = self.bar.tasks[0].speed
            if speed:
                self.bar.update(task, rate=f"{speed:.1f}/s")

        return advance

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
