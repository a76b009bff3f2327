from django.urls import path

from hemicycle.filings import documents, views

app_name = "filings"
urlpatterns = [
    path("", views.filing_list, name="list"),
    path("nouveau/", views.filing_create, name="create"),
    path("statistiques/", views.statistics, name="statistics"),
    path("modele/", documents.template_page, name="template_page"),
    path("modele/telecharger/", documents.template_download, name="template_download"),
    path("modele/origine/", documents.template_reset, name="template_reset"),
    path("seances/<int:sitting_pk>/liste/", documents.sitting_list, name="sitting_list"),
    path("seances/<int:sitting_pk>/liste.pdf", documents.sitting_list_pdf, name="sitting_list_pdf"),
    path("seances/<int:sitting_pk>/depots.zip", documents.sitting_zip, name="sitting_zip"),
    path("<int:pk>/", views.filing_detail, name="detail"),
    path("<int:pk>/document.docx", documents.filing_docx, name="docx"),
    path("<int:pk>/document.pdf", documents.filing_pdf, name="pdf"),
    path("<int:pk>/rediger/", views.filing_write, name="write"),
    path("<int:pk>/informations/", views.filing_details, name="details"),
    path("<int:pk>/comparer/", views.filing_compare, name="compare"),
    path("<int:pk>/deposer/", views.filing_file, name="file"),
    path("<int:pk>/sort/", views.filing_outcome, name="outcome"),
    path("<int:pk>/partager/", views.filing_share, name="share"),
    path("<int:pk>/commenter/", views.filing_comment, name="comment"),
    path("<int:pk>/cosigner/", views.filing_cosign, name="cosign"),
    path("<int:pk>/<slug:action>/", views.filing_transition, name="transition"),
    path("partages/<int:pk>/retirer/", views.share_revoke, name="share_revoke"),
    path("cosignatures/<int:pk>/retirer/", views.cosignature_withdraw, name="cosign_withdraw"),
]
