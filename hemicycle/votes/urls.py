from django.urls import path

from hemicycle.votes import activity_views, analysis_views, exports_views, views

app_name = "votes"
urlpatterns = [
    path("seances/<int:sitting_pk>/", views.sitting_votes, name="sitting"),
    path("seances/<int:sitting_pk>/ouvrir/", views.open_scrutins, name="open"),
    path("scrutins/<int:pk>/", views.record, name="record"),
    path("scrutins/<int:pk>/elus/<int:councillor_pk>/", views.tap, name="tap"),
    path("scrutins/<int:pk>/confirmer/", views.confirm, name="confirm"),
    path("scrutins/<int:pk>/resultat/", views.result, name="result"),
    path("rapports/<int:report_pk>/deport/", views.recusal_add, name="recusal_add"),
    # --- activity sheet and bilan de mandat (activity_views.py) ---
    path("elus/<int:pk>/activite/", activity_views.councillor_activity, name="councillor_activity"),
    path(
        "elus/<int:pk>/bilan.pdf",
        activity_views.councillor_report_pdf,
        name="councillor_report_pdf",
    ),
    # --- end of activity sheet ---
    # --- exports and council results import (exports_views.py) ---
    path("export/votes.csv", exports_views.votes_csv, name="votes_csv"),
    path("resultats/import/", exports_views.results_import_upload, name="results_import_upload"),
    path(
        "resultats/import/apercu/",
        exports_views.results_import_preview,
        name="results_import_preview",
    ),
    # --- end of exports and council results import ---
    # --- vote analysis and hemicycle (analysis_views.py) ---
    path("analyse/", analysis_views.analysis_page, name="analysis"),
    path("scrutins/<int:pk>/hemicycle/", analysis_views.scrutin_hemicycle, name="hemicycle"),
    # --- end of vote analysis ---
]
