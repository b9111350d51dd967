"""The ekonom's reports from the command line: the same files as the run page.

    fee_report --federation SLUG --year YEAR [--format csv|xlsx|pdf|json]
        [--run-version N | --draft [--settlement next|separate]]
        [--output FILE]

Without --run-version or --draft: the latest approved run of the year.
--run-version N: the stored run N of the year, draft or approved.
--draft: computed now, not saved
(preliminary when the population is not yet published; the avräkning against the
instalments already marked sent). json is the run as data
(finance.exports.build_json).
"""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from federation.models import Federation
from finance.exports import build_json
from finance.models import AllocationRun, SettlementMode
from finance.reports import build_csv, build_pdf, build_workbook
from finance.selectors import build_run_table, run_table
from finance.services import compute_draft

BUILDERS = {
    "csv": build_csv,
    "xlsx": build_workbook,
    "pdf": build_pdf,
    "json": build_json,
}


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
        parser.add_argument(
            "--run-version", type=int, help="a stored version of the year"
        )
        parser.add_argument(
            "--settlement",
            choices=list(SettlementMode.values),
            default=SettlementMode.NEXT,
            help="with --draft: the avräkning on the next instalment or a line",
        )

    def handle(self, *args, **options) -> None:
        federation = Federation.objects.filter(slug=options["federation"]).first()
        if federation is None:
            raise CommandError(f"Okänt förbund: {options['federation']}")
        year = options["year"]
        if options["draft"]:
            try:
                results = compute_draft(
                    federation, year, settlement_mode=options["settlement"]
                )
            except ValidationError as error:
                raise CommandError("\n".join(error.messages)) from error
            table = build_run_table(
                federation,
                year,
                [r.to_line(None) for r in results],
                substitutes=results.substitutes,
                settlements=[s.as_json() for s in results.settlements],
            )
        elif options["run_version"]:
            run = AllocationRun.objects.filter(
                federation=federation, year=year, version=options["run_version"]
            ).first()
            if run is None:
                raise CommandError(
                    f"{federation.name} har ingen version {options['run_version']} "
                    f"för {year}."
                )
            table = run_table(run)
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
        elif options["format"] in ("csv", "json"):
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        elif sys.stdout.isatty():
            raise CommandError("Ange --output för xlsx och pdf.")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
