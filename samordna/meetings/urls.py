"""Meeting pages hang under their plan (sip/<plan_pk>/moten/<pk>/…); the answer page behind
an invitation's link is public and carries only its signed token."""

from django.urls import path

from samordna.meetings import hold, prints, views

app_name = "meetings"
MEETING = "sip/<int:plan_pk>/moten/<int:pk>/"
PARTICIPANT = MEETING + "deltagare/<int:participant_pk>/"
urlpatterns = [
    path(MEETING, views.detail, name="detail"),
    path(MEETING + "deltagare/", views.add_participant, name="add_participant"),
    path(PARTICIPANT + "ta-bort/", views.remove_participant, name="remove_participant"),
    path(PARTICIPANT + "svar/", views.phone_answer, name="phone_answer"),
    path(PARTICIPANT + "kallelse.pdf", prints.letter, name="letter"),
    path(MEETING + "roller/", views.roles, name="roles"),
    path(MEETING + "kalla/", views.send_invitations, name="send_invitations"),
    path(MEETING + "brev/", prints.letters_batch, name="letters_batch"),
    path(MEETING + "mitt-svar/", views.my_answer, name="my_answer"),
    path(MEETING + "flytta/", views.move, name="move"),
    path(MEETING + "stall-in/", views.cancel, name="cancel"),
    path(MEETING + "genomfor/", hold.hold, name="hold"),
    path(MEETING + "protokoll.pdf", prints.protocol_pdf, name="protocol"),
    path(MEETING + "protokoll-post.pdf", prints.protocol_post, name="protocol_post"),
    path(MEETING + "installt.pdf", prints.cancellation_letters, name="cancellation_letters"),
    path("svar/<str:token>/", views.confirm, name="confirm"),
]
