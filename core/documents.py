"""One lifecycle for every stored document: the kallelse, the finance run report and,
later, the protokoll and its utdrag.

claim → build (outside any lock: a build takes seconds to a minute) → store the file
with its sha256, size and page count under the row's lock → serve only the stored
file. A new build of a row keeps its stored file until the new one replaces it, so
the previous version stays downloadable while the next is made. Pages never render a
document on request.
"""

import datetime
import hashlib
import io
import logging
from collections import deque
from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import checks
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core import history
from core.seal import seal_pdf

if TYPE_CHECKING:
    from federation.models import Federation

logger = logging.getLogger(__name__)

# A build still queued this long after it was asked for lost its message (the broker
# was down when it was sent): the beat task queues it again.
STALE_PENDING = datetime.timedelta(minutes=2)
# Past the hard time limit the worker's child is dead, whatever happened to the main
# process; the margin lets the broker redeliver the message first (its visibility
# timeout sits just above the time limit), so the beat task is the fallback.
RUNNING_MARGIN = datetime.timedelta(minutes=2)


def stale_running_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + RUNNING_MARGIN


class BuildStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class StoredDocumentQuerySet(models.QuerySet):
    def stored(self) -> "StoredDocumentQuerySet":
        """Rows with a stored file (the only ones a page may serve)."""
        return self.exclude(sha256="").exclude(file="")

    def stale(self, now: datetime.datetime) -> "StoredDocumentQuerySet":
        """Builds that lost their message or their worker."""
        return self.filter(
            Q(
                build_status=BuildStatus.PENDING,
                build_requested_at__lt=now - STALE_PENDING,
            )
            | Q(
                build_status=BuildStatus.RUNNING,
                build_started_at__lt=now - stale_running_after(),
            )
            | Q(build_status=BuildStatus.RUNNING, build_started_at__isnull=True)
        )


class StoredDocument(models.Model):
    """A document built by a Celery task and stored once per build.

    A subclass names its build task (`build_task`, a dotted path; the task takes the
    keyword arguments of `build_task_kwargs`) so that core.requeue_stale_builds can
    queue any stored document again.
    """

    BuildStatus = BuildStatus

    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    build_status = models.CharField(
        max_length=10, choices=BuildStatus.choices, default=BuildStatus.PENDING
    )
    build_attempts = models.PositiveSmallIntegerField(default=0)
    build_error = models.TextField(blank=True)
    build_requested_at = models.DateTimeField(default=timezone.now, editable=False)
    build_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The Celery task id of the claim: the same message delivered again (its worker
    # was killed) may take the build over at once, a duplicate message may not.
    build_claimed_by = models.CharField(max_length=64, blank=True, editable=False)
    stored_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StoredDocumentQuerySet.as_manager()

    build_task: ClassVar[str] = ""
    # A frozen document stores its file once: a sha256 its history holds and the
    # row does not was never its file (a history row written by hand, not a build),
    # so the verification page does not look there (core.verification).
    keeps_one_file: ClassVar[bool] = False

    class Meta:
        abstract = True

    def build_task_kwargs(self) -> dict[str, int]:
        raise NotImplementedError

    @property
    def has_file(self) -> bool:
        return bool(self.sha256 and self.file)

    @property
    def is_building(self) -> bool:
        return self.build_status in (BuildStatus.PENDING, BuildStatus.RUNNING)


StoredT = TypeVar("StoredT", bound=StoredDocument)


def stored_document_models() -> list[type[StoredDocument]]:
    return [m for m in apps.get_models() if issubclass(m, StoredDocument)]


@cache
def federation_path(model: type[models.Model]) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from the model to its förbund
    (kallelse → meeting → body → federation), so core names no domain model."""
    target = apps.get_model("federation", "Federation")
    queue: deque = deque([(model, ())])
    while queue:
        current, path = queue.popleft()
        if len(path) >= 4:
            continue
        for relation in current._meta.get_fields():
            if not (relation.many_to_one or relation.one_to_one) or not (
                relation.concrete
            ):
                continue
            if relation.related_model is target:
                return (*path, relation.name)
            queue.append((relation.related_model, (*path, relation.name)))
    return None


def federation_of(row: models.Model) -> "Federation | None":
    """The förbund a stored document belongs to (None: the model or row has none).
    The build seals with its seal and the verification page names it."""
    path = federation_path(type(row))
    if path is None:
        return None
    found: Any = row
    for name in path:
        found = getattr(found, name)
        if found is None:
            return None
    return found


@checks.register()
def check_build_tasks(app_configs: object = None, **kwargs: object) -> list:
    """Every stored document names its build task, or the beat task cannot queue it."""
    return [
        checks.Error(
            f"{model.__name__} is a StoredDocument without a build_task.",
            id="core.E101",
            obj=model,
        )
        for model in stored_document_models()
        if not model.build_task
    ]


def request_build(
    document: StoredT, *, by: AbstractBaseUser | None = None, reason: str
) -> StoredT:
    """Ask for a new build of a row the caller has locked (or is creating).

    The stored file stays until the new build replaces it. A build running meanwhile
    stores nothing: its claim is void. The caller queues the build task on commit.
    """
    document.build_status = BuildStatus.PENDING
    document.build_requested_at = timezone.now()
    document.build_error = ""
    history.mark(document, by=by, reason=reason)
    if document.pk is None:
        document.save()
    else:
        document.save(
            update_fields=["build_status", "build_requested_at", "build_error"]
        )
    return document


def retry_failed_build(document: StoredT, *, by: AbstractBaseUser | None) -> bool:
    """Queue a failed build again (a person asked for it: a failure is mostly not
    transient, so nothing retries it by itself). False when it has not failed."""
    with transaction.atomic():
        row = type(document).objects.select_for_update().get(pk=document.pk)
        if row.build_status != BuildStatus.FAILED:
            return False
        request_build(row, by=by, reason="retry_failed_build")
        import_string(row.build_task).delay_on_commit(**row.build_task_kwargs())
    return True


def _claimable(row: StoredDocument, claim_id: str, now: datetime.datetime) -> bool:
    if row.build_status == BuildStatus.PENDING:
        return True
    if row.build_status != BuildStatus.RUNNING:
        return False
    if claim_id and row.build_claimed_by == claim_id:
        return True
    started = row.build_started_at
    return started is None or started < now - stale_running_after()


def claim_build(
    document: StoredT, *, claim_id: str = "", reason: str
) -> StoredT | None:
    """Take a row's build: a queued one, or a running one whose builder is gone (its
    claim is past the time limit, or it is this very message delivered again).

    None when the row is done, failed, or another worker is building it.
    """
    with transaction.atomic():
        row = type(document).objects.select_for_update().get(pk=document.pk)
        now = timezone.now()
        if not _claimable(row, claim_id, now):
            return None
        row.build_status = BuildStatus.RUNNING
        row.build_started_at = now
        row.build_claimed_by = claim_id
        row.build_attempts += 1
        history.mark(row, by=None, reason=reason)
        row.save(
            update_fields=[
                "build_status",
                "build_started_at",
                "build_claimed_by",
                "build_attempts",
            ]
        )
    return row


def build_document(
    document: StoredT,
    *,
    build: Callable[[StoredT], bytes],
    file_name: Callable[[StoredT], str],
    reason: str,
    claim_id: str = "",
) -> StoredT:
    """Claim, build and store a row; returns the row as it stands afterwards.

    `file_name` gives the row's own name: a name of this row's earlier attempt that
    was never recorded is overwritten, never another row's file. An OSError is
    transient: the row is queued again and the error raised for the task to retry.
    Any other error fails the build, with the error on the row.
    """
    model = type(document)
    claimed = claim_build(document, claim_id=claim_id, reason=reason)
    if claimed is None:
        return model.objects.get(pk=document.pk)
    try:
        data = _sealed(claimed, build(claimed))
    except OSError:
        _finish(claimed, reason=reason, status=BuildStatus.PENDING)
        raise
    except Exception as error:
        logger.exception("%s %s could not be built", model.__name__, claimed.pk)
        return _finish(claimed, reason=reason, status=BuildStatus.FAILED, error=error)
    return _finish(
        claimed,
        reason=reason,
        status=BuildStatus.DONE,
        data=data,
        name=file_name(claimed),
    )


def _sealed(row: StoredDocument, data: bytes) -> bytes:
    """A PDF with the seal of the row's förbund (core.seal: its own, else the
    installation's), before it is stored and hashed: the sha256 is that of the sealed
    file. Sealed outside the row's lock, and a seal that fails (this förbund's file
    unreadable, a slug that names no file) fails this build like any other error."""
    if not data.startswith(b"%PDF-"):
        return data
    federation = federation_of(row)
    return seal_pdf(data, federation=federation.slug if federation else None)


def _finish(
    claimed: StoredT,
    *,
    reason: str,
    status: str,
    data: bytes | None = None,
    name: str = "",
    error: Exception | None = None,
) -> StoredT:
    with transaction.atomic():
        row = type(claimed).objects.select_for_update().get(pk=claimed.pk)
        ours = row.build_status == BuildStatus.RUNNING
        if not ours or row.build_attempts != claimed.build_attempts:
            logger.info("%s %s: a newer build superseded this one", row, row.pk)
            return row
        fields = ["build_status", "build_error"]
        row.build_status = status
        row.build_error = f"{type(error).__name__}: {error}"[:2000] if error else ""
        if status == BuildStatus.PENDING:
            row.build_requested_at = timezone.now()
            fields.append("build_requested_at")
        if data is not None:
            _store(row, data, name)
            fields += ["file", "sha256", "size", "page_count", "stored_at"]
        history.mark(row, by=None, reason=reason)
        row.save(update_fields=fields)
    return row


def _store(row: StoredDocument, data: bytes, name: str) -> None:
    import pikepdf

    old = row.file.name
    if old != name:
        default_storage.delete(name)  # this row's own attempt that was never recorded
    # When the old file has this name the new one gets another (the storage adds a
    # suffix), so the old file is served until the row points at the new one.
    row.file.name = default_storage.save(name, ContentFile(data))
    row.sha256 = hashlib.sha256(data).hexdigest()
    row.size = len(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        row.page_count = len(pdf.pages)
    row.stored_at = timezone.now()
    if old and old != row.file.name:
        transaction.on_commit(partial(default_storage.delete, old), robust=True)


def requeue_stale_builds(now: datetime.datetime | None = None) -> int:
    """Queue again every build, of every stored-document model, that lost its
    message (queued past STALE_PENDING) or its worker (running past the time limit
    and a margin). Each is set back to queued now, so it is queued once per window; a
    duplicate of a message that is only slow is harmless (one claim builds)."""
    now = now or timezone.now()
    queued = 0
    for model in stored_document_models():
        with transaction.atomic():
            stale = list(model.objects.stale(now).select_for_update(skip_locked=True))
            for row in stale:
                row.build_status = BuildStatus.PENDING
                row.build_requested_at = now
                history.mark(row, by=None, reason="requeue_stale_build")
                row.save(update_fields=["build_status", "build_requested_at"])
        if not stale:
            continue
        task = import_string(model.build_task)
        for row in stale:
            task.dispatch(**row.build_task_kwargs())
        ids = [row.pk for row in stale]
        logger.warning("Queued %s stale %s builds again: %s", len(ids), model, ids)
        queued += len(ids)
    return queued
