"""Reading OParl as a client does: by the URLs in the answers, nothing else."""

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from django.test import Client
from jsonschema import Draft4Validator, FormatChecker

ROOT = "http://testserver/oparl/"
SCHEMAS = {
    path.stem: json.loads(path.read_text())
    for path in (Path(__file__).parent / "schema").glob("*.json")
}
FORMATS = FormatChecker()


@FORMATS.checks("url")
def _is_url(value: object) -> bool:
    parsed = urlparse(str(value))
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    import datetime  # noqa: PLC0415 leaf

    moment = datetime.datetime.fromisoformat(str(value))
    return moment.tzinfo is not None and "T" in str(value)


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    import datetime  # noqa: PLC0415 leaf

    datetime.date.fromisoformat(str(value))
    return len(str(value)) == 10


def get(client: Client, url: str) -> dict:
    """The JSON at an absolute URL of the test server."""
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def validate(data: dict, type_name: str) -> None:
    """Against the spec's schema, and the objects it embeds against theirs (the
    schemas name them in a "schema" key, which JSON Schema itself does not read);
    no property outside the schema."""
    schema = SCHEMAS[type_name]
    Draft4Validator(schema, format_checker=FORMATS).validate(data)
    assert data["type"] == f"https://schema.oparl.org/1.1/{type_name}"
    assert set(data) <= set(schema["properties"]), set(data) - set(schema["properties"])
    for key, prop in schema["properties"].items():
        inner = prop.get("schema") or prop.get("items", {}).get("schema")
        value = data.get(key)
        if not inner or value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                validate(item, inner.removesuffix(".json"))


def oparl_urls(data: object) -> Iterator[str]:
    """Every OParl URL in an answer, at any depth (files' contents left out)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in ("accessUrl", "downloadUrl"):
                yield from oparl_urls(value)
    elif isinstance(data, list):
        for value in data:
            yield from oparl_urls(value)
    elif isinstance(data, str) and data.startswith(ROOT):
        yield data


def crawl(client: Client, start: str = ROOT) -> dict[str, dict]:
    """Every answer reachable from `start` by the URLs in the answers."""
    seen: dict[str, dict] = {}
    todo = [start]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen[url] = get(client, url)
        todo += [u for u in oparl_urls(seen[url]) if u not in seen]
    return seen
