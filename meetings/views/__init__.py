"""The meetings' pages, by subject: the meeting list and page (`meetings`), the
dagordning builder (`agenda`), publishing the kallelse (`kallelse`), its PDF and
the handlingar (`documents`) and calendar feeds (`calendar`). meetings/urls.py
names each view by its module."""
