"""Django's admin, for the installer's first steps: the mandature and the council's groups."""

from django.contrib import admin

from hemicycle.council.models import CouncilGroup, RosterMember, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "region_code", "start_date", "end_date", "seats")


@admin.register(CouncilGroup)
class CouncilGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "side", "seats", "term", "is_archived")
    list_filter = ("term", "side")


@admin.register(RosterMember)
class RosterMemberAdmin(admin.ModelAdmin):
    # The RNE owns these records: the admin shows them, imports change them.
    list_display = ("last_name", "first_name", "section", "council_group", "status")
    list_filter = ("status", "section", "council_group")
    search_fields = ("last_name", "first_name")
    readonly_fields = [f.name for f in RosterMember._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
