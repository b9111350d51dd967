from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .cache import cached, render_page
from .forms import (
    AssignmentForm,
    CompositionDateForm,
    EndOfficialForm,
    FillVacancyForm,
    GrantRoleForm,
    LogoForm,
    OfficialForm,
)
from .http import FederationRequest
from .models import Assignment, Body, Federation, Member, Person, RoleGrant
from .officials import Official
from .permissions import (
    can_edit_register,
    can_manage_roles,
    can_view_contact_details,
    can_view_register,
)
from .roles import Role
from .selectors import (
    bodies_with_seats,
    federation_view,
    role_grants,
    role_history,
)
from .services import (
    add_assignment,
    check_composition,
    composition_on,
    fill_vacancy,
    grant_role,
    revoke_role,
)
from .services_officials import add_official, end_official, remove_logo, set_logo
from .views_obligations import obligations_notices, rules_ids

HISTORY_ROWS = 100  # the latest changes of the förbund's grants on the roles page


@federation_view(can_view_register)
def dashboard(request: FederationRequest) -> HttpResponse:
    federation = request.federation
    return render(
        request,
        "federation/dashboard.html",
        {
            "bodies": bodies_with_seats(federation, timezone.localdate()),
            "member_count": federation.members.count(),
        },
    )


@federation_view(can_view_register)
def member_list(request: FederationRequest) -> HttpResponse:
    members = request.federation.members.all()
    return render(
        request,
        "federation/member_list.html",
        {
            "members": [m for m in members if m.status == Member.Status.MEMBER],
            "adjungerade": [m for m in members if m.status == Member.Status.ADJUNGERAD],
        },
    )


@federation_view(can_view_register)
def body_list(request: FederationRequest) -> HttpResponse:
    bodies = request.federation.bodies.select_related("parent").order_by("kind", "name")
    return render(request, "federation/body_list.html", {"bodies": bodies})


@federation_view(can_view_register)
def body_detail(request: FederationRequest, pk: int) -> HttpResponse:
    """The body and its composition today: one rendering per audience (the same
    roles), until the förbund's data changes (federation.cache). Another date, or
    one that is not valid, gets a rendering of its own: any reader could otherwise
    fill the cache with a page per date."""
    bodies = Body.objects.select_related("federation", "parent").filter(
        pk=pk, federation=request.federation
    )
    # One query, cached: whether the body exists and has obligations (BodyRules).
    found = cached(request, "body-exists", [pk], lambda: rules_ids(bodies))
    if not found:
        raise Http404
    # The page depends on the date read, not on the query string as typed.
    form = CompositionDateForm(request.GET or None)
    chosen = form.cleaned_data["datum"] if form.is_valid() else None
    day = chosen or timezone.localdate()
    if not form.errors:
        form = CompositionDateForm(initial={"datum": chosen})

    def context() -> dict:
        body = bodies.get()
        return {
            "title": body.name,
            "body": body,
            "form": form,
            "day": day,
            "composition": composition_on(body, day),
            "rule_checks": check_composition(body, day),
            "children": body.children.all(),
            "can_edit": can_edit_register(request.user, request.federation),
        }

    return render_page(
        request,
        "federation/partials/body_page.html",
        context,
        name="body",
        params=[pk, day],
        store=chosen is None and not form.errors,
        notices=obligations_notices(request, pk) if found[0] else "",
    )


@federation_view(can_view_register)
def person_list(request: FederationRequest) -> HttpResponse:
    today = timezone.localdate()
    current = Assignment.objects.active_on(today).select_related("body")
    persons = request.federation.persons.select_related(
        "party", "home_member"
    ).prefetch_related(
        Prefetch("assignments", queryset=current, to_attr="current_assignments")
    )
    return render(request, "federation/person_list.html", {"persons": persons})


@federation_view(can_view_register)
def person_detail(request: FederationRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.select_related("party", "home_member"),
        pk=pk,
        federation=request.federation,
    )
    today = timezone.localdate()
    assignments = person.assignments.select_related(
        "body", "representing", "replaces__person"
    ).order_by("-valid_from")
    return render(
        request,
        "federation/person_detail.html",
        {
            "person": person,
            "current": [a for a in assignments if a.is_active_on(today)],
            "past": [a for a in assignments if a.valid_to and a.valid_to < today],
            "coming": [a for a in assignments if a.valid_from > today],
            "show_contact": can_view_contact_details(request.user, request.federation),
            "can_edit": can_edit_register(request.user, request.federation),
        },
    )


@federation_view(can_edit_register)
def assignment_add(request: FederationRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk, federation=request.federation)
    form = AssignmentForm(request.POST or None, federation=request.federation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_assignment(data.pop("person"), body=body, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assignment has been registered."))
            return redirect(body)
    return render(
        request, "federation/assignment_form.html", {"body": body, "form": form}
    )


@federation_view(can_edit_register)
def assignment_fill_vacancy(request: FederationRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.select_related("person", "body"),
        pk=pk,
        body__federation=request.federation,
    )
    form = FillVacancyForm(request.POST or None, federation=request.federation)
    if request.method == "POST" and form.is_valid():
        try:
            fill_vacancy(assignment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The filling of the vacancy has been registered.")
            )
            return redirect(assignment.body)
    return render(
        request,
        "federation/fill_vacancy_form.html",
        {"assignment": assignment, "form": form},
    )


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@federation_view(can_manage_roles)
def roles(request: FederationRequest) -> HttpResponse:
    """Behörigheter: who holds which role in the förbund, a form to grant one, a
    button to revoke each, and the history of the grants."""
    federation = request.federation
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, role = form.cleaned_data["username"], form.cleaned_data["role"]
        values = {"user": _name(user), "role": Role(role).label}
        _grant, created = grant_role(user, federation, role, by=request.user)
        if created:
            messages.success(request, _("%(user)s now has the role %(role)s.") % values)
        else:
            messages.info(
                request,
                _("%(user)s already has the role %(role)s; nothing changed.") % values,
            )
        return redirect("federation:roles", federation.slug)
    return render(
        request,
        "federation/roles.html",
        {
            "form": form,
            "grants": role_grants(federation),
            "history": role_history(federation, HISTORY_ROWS),
            "history_rows": HISTORY_ROWS,
        },
    )


@require_POST
@federation_view(can_manage_roles)
def role_revoke(request: FederationRequest, pk: int) -> HttpResponse:
    federation = request.federation
    grant = (
        RoleGrant.objects.filter(pk=pk, federation=federation)
        .select_related("user")
        .first()
    )
    if grant is None:
        # A second click, or another administrator was first: nothing to do.
        messages.info(request, _("That role had already been revoked."))
        return redirect("federation:roles", federation.slug)
    values = {"user": _name(grant.user), "role": grant.get_role_display()}
    try:
        revoke_role(grant.user, federation, grant.role, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("federation:roles", federation.slug)
    messages.success(request, _("%(user)s no longer has the role %(role)s.") % values)
    if (
        grant.user_id == request.user.pk
        and grant.role == Role.ADMINISTRATOR
        and not request.user.is_superuser
    ):
        return redirect("home")  # their own right to this page went with it
    return redirect("federation:roles", federation.slug)


@federation_view(can_edit_register)
def officials(request: FederationRequest) -> HttpResponse:
    """Tjänstepersoner: who holds which post, with the title the documents print
    (the kallelse is signed by the förbundsdirektör); a form to add a post."""
    federation = request.federation
    form = OfficialForm(request.POST or None, federation=federation)
    if request.method == "POST" and form.is_valid():
        try:
            add_official(federation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The post has been registered."))
            return redirect("federation:officials", federation.slug)
    today = timezone.localdate()
    posts = list(
        Official.objects.filter(federation=federation).select_related("person")
    )
    return render(
        request,
        "federation/officials.html",
        {
            "form": form,
            "end_form": EndOfficialForm(),
            "current": [p for p in posts if p.is_active_on(today)],
            "coming": [p for p in posts if p.valid_from > today],
            "former": [p for p in posts if p.valid_to and p.valid_to < today],
            "history": Official.history.filter(federation_id=federation.pk)
            .select_related("history_user")
            .order_by("-history_date")[:HISTORY_ROWS],
            "history_rows": HISTORY_ROWS,
        },
    )


@require_POST
@federation_view(can_edit_register)
def official_end(request: FederationRequest, pk: int) -> HttpResponse:
    federation = request.federation
    official = get_object_or_404(Official, pk=pk, federation=federation)
    form = EndOfficialForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of the post as a date."))
        return redirect("federation:officials", federation.slug)
    try:
        end_official(official, valid_to=form.cleaned_data["valid_to"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The post has been ended."))
    return redirect("federation:officials", federation.slug)


@federation_view(can_edit_register)
def federation_settings(request: FederationRequest) -> HttpResponse:
    """The förbund's settings: its logo, printed on the kallelse."""
    federation = Federation.objects.get(pk=request.federation.pk)
    form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "remove" in request.POST:
        remove_logo(federation, by=request.user)
        messages.success(request, _("The logo has been removed."))
        return redirect("federation:settings", federation.slug)
    if request.method == "POST" and form.is_valid():
        try:
            set_logo(federation, form.cleaned_data["logo"], by=request.user)
        except ValidationError as error:
            form.add_error("logo", error)
        else:
            messages.success(request, _("The logo has been saved."))
            return redirect("federation:settings", federation.slug)
    return render(
        request,
        "federation/settings.html",
        {"form": form, "has_logo": bool(federation.logo)},
    )


@federation_view(can_edit_register)
def logo_image(request: FederationRequest) -> FileResponse:
    """The stored logo, for the settings page (it is not a public file)."""
    federation = Federation.objects.get(pk=request.federation.pk)
    if not federation.logo:
        raise Http404
    png = (federation.logo.name or "").endswith(".png")
    response = FileResponse(
        federation.logo.open("rb"), content_type="image/png" if png else "image/jpeg"
    )
    response["Cache-Control"] = "private, no-cache"
    return response
