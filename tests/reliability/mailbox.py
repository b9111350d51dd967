"""An e-mail backend for a worker in another process: Django's file backend, in the
folder the test names (settings read no EMAIL_FILE_PATH from the environment)."""

import os

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def __init__(self, *args, **kwargs) -> None:
        kwargs["file_path"] = os.environ["TEST_MAIL_DIR"]
        super().__init__(*args, **kwargs)
