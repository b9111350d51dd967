"""Pages of the protokoll, one module per subject (minutes/urls.py lists them):

- `protokoll`: the secretary's page during the meeting, and the PDFs behind a login;
- `steps`: the protokoll's workflow steps, from närvaro to expediering;
- `paragraphs`: the steps of one §: beslut, jäv, yrkande, votering, reservation…;
- `public`: the anslagstavla and the public protokoll.

One view per step: `federation_view(<permission>)`, the row from a getter that answers
404 outside the förbund (`common.minutes_or_404`), form → service → redirect. A
service's refusal is shown on the protokoll's page with its own words.
"""
