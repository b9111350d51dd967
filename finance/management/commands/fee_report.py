"""The ekonom's reports from the command line: the same files as the run page."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from federation.models import Federation
from finance.models import AllocationRun
from finance.reports import build_csv, build_pdf, build_workbook
from finance.selectors import build_run_table, run_table
from finance.services import compute_draft

BUILDERS = {"csv": build_csv, "xlsx": build_workbook, "pdf": build_pdf}


class Command(BaseCommand):
    help = (
        "Write the fee report of a year: the latest approved run, or with --draft "
        "a computation that is not saved."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--federation", required=True, help="the federation's slug")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=sorted(BUILDERS), default="csv")
        parser.add_argument(
            "--output", help="file to write; standard output if left out"
        )
        parser.add_argument(
            "--draft", action="store_true", help="compute now without saving"
        )

    def handle(self, *args, **options) -> None:
        federation = Federation.objects.filter(slug=options["federation"]).first()
        if federation is None:
            raise CommandError(f"Okänt förbund: {options['federation']}")
        year = options["year"]
        if options["draft"]:
            try:
                results = compute_draft(federation, year)
            except ValidationError as error:
                raise CommandError("\n".join(error.messages)) from error
            table = build_run_table(
                federation, year, [r.to_line(None) for r in results]
            )
        else:
            run = (
                AllocationRun.objects.approved()
                .filter(federation=federation, year=year)
                .order_by("-version")
                .first()
            )
            if run is None:
                raise CommandError(
                    f"{federation.name} har ingen fastställd avgiftsberäkning för "
                    f"{year}. Använd --draft för en preliminär beräkning."
                )
            table = run_table(run)
        content = BUILDERS[options["format"]](table)
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Skrev {options['output']} ({len(content)} byte)")
        elif options["format"] == "csv":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        elif sys.stdout.isatty():
            raise CommandError("Ange --output för xlsx och pdf.")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
