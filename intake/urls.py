from django.urls import path

from .views import common, lawyer, spreadsheet, staff

app_name = "intake"

urlpatterns = [
    path("", lawyer.application_list, name="application_list"),
    path("new/", lawyer.application_edit, name="application_create"),
    path("<int:pk>/", common.application_detail, name="application_detail"),
    path("<int:pk>/edit/", lawyer.application_edit, name="application_edit"),
    path("<int:pk>/receipt/", lawyer.application_receipt, name="application_receipt"),
    path("<int:pk>/original-lost/", lawyer.application_report_lost, name="application_report_lost"),
    path("<int:pk>/copy/", lawyer.application_copy_view, name="application_copy"),
    path("<int:pk>/documents/<int:document_pk>/", common.document_download, name="document_download"),
    path("spreadsheet/", spreadsheet.spreadsheet_start, name="spreadsheet_start"),
    path("spreadsheet/template.xlsx", spreadsheet.spreadsheet_template, name="spreadsheet_template"),
    path("spreadsheet/<int:pk>/", spreadsheet.spreadsheet_detail, name="spreadsheet_detail"),
    path("spreadsheet/<int:pk>/progress/", spreadsheet.spreadsheet_progress, name="spreadsheet_progress"),
    path("spreadsheet/<int:pk>/rows/", spreadsheet.spreadsheet_rows, name="spreadsheet_rows"),
    path("spreadsheet/<int:pk>/file/", spreadsheet.spreadsheet_file_view, name="spreadsheet_file"),
    path("spreadsheet/<int:pk>/scans/", spreadsheet.spreadsheet_scans, name="spreadsheet_scans"),
    path("spreadsheet/<int:pk>/submit/", spreadsheet.spreadsheet_submit_view, name="spreadsheet_submit"),
    path("queue/", staff.staff_queue, name="staff_queue"),
    path("<int:pk>/register-original/", staff.register_original, name="register_original"),
    path("<int:pk>/accept/", staff.accept, name="accept"),
    path("<int:pk>/return/", staff.return_application, name="return"),
]
