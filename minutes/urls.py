from django.urls import path

from .views import paragraphs, protokoll, public, steps

app_name = "minutes"

PROTOKOLL = "sammantraden/<int:meeting_pk>/protokoll/"
PARAGRAPH = PROTOKOLL + "paragraf/<int:pk>/"

urlpatterns = [
    # The public anslagstavla.
    path("anslagstavla/", public.anslagstavla, name="anslagstavla"),
    path("protokoll/<int:pk>/", public.public_detail, name="public_detail"),
    path("protokoll/<int:pk>/pdf/", public.public_pdf, name="public_pdf"),
    # The protokoll of a meeting and its PDFs.
    path(PROTOKOLL, protokoll.detail, name="detail"),
    path(PROTOKOLL + "starta/", protokoll.start, name="start"),
    path(PROTOKOLL + "pdf/", protokoll.protokoll_pdf, name="pdf"),
    path(
        PROTOKOLL + "justeringsunderlag.pdf",
        protokoll.underlag_pdf,
        name="underlag_pdf",
    ),
    path(PARAGRAPH + "utdrag.pdf", protokoll.extract_pdf, name="extract_pdf"),
    # Its workflow steps, in their order.
    path(PROTOKOLL + "narvaro/", protokoll.attendance, name="attendance"),
    path(
        PROTOKOLL + "narvaro/beslutforhet/",
        protokoll.attendance_quorum,
        name="attendance_quorum",
    ),
    path(
        PROTOKOLL + "paragrafer-fran-dagordningen/",
        steps.from_agenda,
        name="from_agenda",
    ),
    path(PROTOKOLL + "ny-paragraf/", steps.add_paragraph, name="add_paragraph"),
    path(
        PROTOKOLL + "avsluta-sammantradet/",
        steps.close_meeting,
        name="close_meeting",
    ),
    path(PROTOKOLL + "justerare/", steps.choose_justerare, name="choose_justerare"),
    path(
        PROTOKOLL + "skicka-for-justering/",
        steps.send_for_justering,
        name="send_for_justering",
    ),
    path(PROTOKOLL + "justera/", steps.approve, name="approve"),
    path(PROTOKOLL + "synpunkter/", steps.comment, name="comment"),
    path(PROTOKOLL + "gor-pdf-igen/", steps.retry_builds, name="retry_builds"),
    path(PROTOKOLL + "expediera/", steps.expedite, name="expedite"),
    # The steps of one §.
    path(PARAGRAPH + "beslut/", paragraphs.decision, name="decision"),
    path(PARAGRAPH + "jav/", paragraphs.jav, name="jav"),
    path(PARAGRAPH + "yrkande/", paragraphs.yrkande, name="yrkande"),
    path(PARAGRAPH + "votering/", paragraphs.open_vote, name="open_vote"),
    path(PARAGRAPH + "sluten-omrostning/", paragraphs.closed_vote, name="closed_vote"),
    path(PARAGRAPH + "reservation/", paragraphs.reservation, name="reservation"),
    path(
        PROTOKOLL + "reservation/<int:pk>/",
        paragraphs.reservation_motivation,
        name="reservation_motivation",
    ),
    path(PARAGRAPH + "protokollsanteckning/", paragraphs.note, name="note"),
    path(PROTOKOLL + "yrkande/<int:pk>/", paragraphs.edit_yrkande, name="edit_yrkande"),
    path(
        PROTOKOLL + "yrkande/<int:pk>/ta-bort/",
        paragraphs.remove_yrkande,
        name="remove_yrkande",
    ),
    path(
        PROTOKOLL + "protokollsanteckning/<int:pk>/",
        paragraphs.edit_note,
        name="edit_note",
    ),
    path(
        PROTOKOLL + "protokollsanteckning/<int:pk>/ta-bort/",
        paragraphs.remove_note,
        name="remove_note",
    ),
    path(
        PARAGRAPH + "omedelbar-justering/",
        paragraphs.justera_now,
        name="justera_now",
    ),
    path(PARAGRAPH + "ta-bort/", paragraphs.remove_paragraph, name="remove_paragraph"),
    path(PARAGRAPH + "rattelse/", paragraphs.correction, name="correction"),
    path(
        PARAGRAPH + "expediera/",
        paragraphs.expedite_paragraph,
        name="expedite_paragraph",
    ),
]
