"""Reading uppdrag out of a beslut text: "ger <vem> i uppdrag att <vad>", "uppdrar
åt <vem> att <vad>", "<vem> får i uppdrag att <vad>", with "återrapportering till
<organ> senast <datum>" in the same or the following sentence.

Beslut texts come from PDFs and word processors: lines break inside a sentence and
points are numbered ("2. Kommunstyrelsen ger kommundirektören i uppdrag att teckna
\\n\\navtalet."), so whitespace is folded before anything is read."""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}
_MONTH = "|".join(MONTHS)
DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+(?:{_MONTH})\s+\d{{4}}"
    rf"|(?:{_MONTH})\s+(?:månad\s+)?\d{{4}})"
)

# Where a new point or sentence starts: "2. ", ". Å…", "; ".
_BREAK = r"(?:^|(?<=[.;:])\s+|\s(?=\d{1,2}\.\s))"
_COMMISSION = re.compile(
    r"\b(?:ger|ge|gav|att\s+ge)\s+(?P<who1>[^.;:]{1,100}?)\s+i\s+uppdrag\s+att\s+"
    r"|\buppdra[rg]?\s+(?:åt\s+)?(?P<who2>[^.;:]{1,100}?)\s+att\s+"
    rf"|{_BREAK}(?:\d{{1,2}}\.\s+)?(?P<who3>[^.;:]{{1,100}}?)\s+(?:får|fick|ges)\s+i\s+"
    r"uppdrag(?:et)?\s+att\s+",
    re.IGNORECASE,
)
_REPORT = re.compile(
    r"återrapport\w*\s+(?:(?:sker|ska\s+ske|ske|ges|lämnas)\s+)?(?:till|i)\s+"
    r"(?P<body>[^.,;]+?)"
    rf"(?:\s+(?:senast|före|innan)\s+(?:den\s+)?(?P<date>{DATE}))?"
    r"(?=\s*(?:[.,;](?:\s|$)|$|\s+(?:och|samt)\s))",
    re.IGNORECASE,
)
_DEADLINE = re.compile(rf"\bsenast\s+(?:den\s+)?(?P<date>{DATE})", re.IGNORECASE)
# The uppdrag's own text stops before its återrapportering or deadline clause.
_WHAT_HEAD = re.compile(rf"^senast\s+(?:den\s+)?{DATE}\s+", re.IGNORECASE)
_WHAT_TAIL = re.compile(
    r"[,]?\s+(?:(?:och|samt)\s+)?(?:med\s+)?(?:att\s+)?återrapport\w*\b.*$"
    rf"|[,]?\s+senast\s+(?:den\s+)?{DATE}\s*$",
    re.IGNORECASE,
)
# The end of a sentence: a full stop or semicolon before a
# capital letter, a numbered point or the end.
_SENTENCE_END = re.compile(r"[.;](?=\s+(?:[A-ZÅÄÖ]|\d{1,2}\.\s)|\s*$)")


@dataclass(frozen=True)
class ProposedCommission:
    what: str
    who: str
    due_on: datetime.date | None
    report_to: str
    source_text: str


def parse_date(text: str) -> datetime.date | None:
    """2027-03-01, "1 mars 2027", "mars 2027" (the month's last day); None when
    it is no real date."""
    text = " ".join(text.lower().split()).replace("månad ", "")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        parts = text.split()
        if len(parts) == 3:
            return datetime.date(int(parts[2]), MONTHS[parts[1]], int(parts[0]))
        if len(parts) == 2:
            year, month = int(parts[1]), MONTHS[parts[0]]
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, KeyError):
        return None
    return None


def _fold(text: str) -> str:
    return " ".join(text.split())


def _who(raw: str) -> str:
    """The assignee as written, without a leading subject ("Direktionen ger …" is
    cut before "ger"; "2. Förbundsdirektören får …" loses the number)."""
    who = re.sub(r"^\d{1,2}\.\s+", "", raw.strip())
    return who.strip(" ,")


def _sentence_end(text: str, start: int, limit: int) -> int:
    """The end of the sentence from `start`, at the latest `limit` (the next
    uppdrag): searching the whole rest of the text for each uppdrag made a long
    text without full stops take minutes."""
    found = _SENTENCE_END.search(text, start, limit)
    return found.start() if found else limit


def parse_commissions(text: str) -> list[ProposedCommission]:
    """Every uppdrag the beslut text gives, in order."""
    text = _fold(text)
    matches = list(_COMMISSION.finditer(text))
    found = []
    for index, match in enumerate(matches):
        who = _who(match.group("who1") or match.group("who2") or match.group("who3"))
        # The återrapportering may follow in the next sentences, up to the next
        # uppdrag or numbered point.
        limit = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        end = _sentence_end(text, match.end(), limit)
        what = text[match.end() : end].strip()
        following = text[match.end() : limit]
        point = re.search(r"\s\d{1,2}\.\s+[A-ZÅÄÖ]", following)
        if point is not None:
            following = following[: point.start()]
        report = _REPORT.search(following)
        report_to = _fold(report.group("body")) if report else ""
        date_text = report.group("date") if report and report.group("date") else ""
        if not date_text:
            deadline = _DEADLINE.search(following)
            date_text = deadline.group("date") if deadline else ""
        what = _WHAT_HEAD.sub("", _WHAT_TAIL.sub("", what)).strip(" ,")
        # "… att teckna avtalet och ger ekonomichefen i uppdrag att …"
        what = re.sub(r"[\s,]+(?:och|samt)$", "", what, flags=re.IGNORECASE)
        source_end = max(
            min(end + 1, limit), match.end() + (report.end() if report else 0)
        )
        if not what or not who:
            continue
        found.append(
            ProposedCommission(
                what=what[0].upper() + what[1:],
                who=who,
                due_on=parse_date(date_text) if date_text else None,
                report_to=report_to,
                source_text=text[match.start() : source_end].strip(),
            )
        )
    return found
