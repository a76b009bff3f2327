from django.urls import path

from hemicycle.positions import views

app_name = "positions"
urlpatterns = [
    path("mes-rapports/", views.my_reports, name="my_reports"),
    path("a-analyser/", views.backlog, name="backlog"),
    path("rapports/<int:pk>/", views.report_follow_up, name="report"),
    path("rapports/<int:pk>/attribuer/", views.assign, name="assign"),
    path("rapports/<int:pk>/note/", views.brief_write, name="brief_write"),
    path("rapports/<int:pk>/note/<slug:action>/", views.brief_transition, name="brief_transition"),
    path("rapports/<int:pk>/consigne/", views.line_edit, name="line_edit"),
    path("rapports/<int:pk>/prises-de-parole/ajouter/", views.speech_add, name="speech_add"),
    path("prises-de-parole/<int:pk>/modifier/", views.speech_edit, name="speech_edit"),
    path("prises-de-parole/<int:pk>/retirer/", views.speech_remove, name="speech_remove"),
    path("seances/<int:sitting_pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("seances/<int:sitting_pk>/dossier.docx", views.dossier_docx, name="dossier_docx"),
    path("seances/<int:sitting_pk>/feuille/", views.sheet, name="sheet"),
    path("seances/<int:sitting_pk>/feuille.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("modeles/", views.templates_page, name="templates"),
    path("modeles/origine/", views.template_reset, name="template_reset"),
    path("modeles/telecharger/", views.template_download, name="template_download"),
]
