"""Django's admin, for the installer's first steps (the group's own pages do the rest)."""

from django.contrib import admin

from hemicycle.group.models import Councillor, Group, Party, StaffContract, StaffMember


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "term", "is_opposition")


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "colour", "is_archived")


@admin.register(Councillor)
class CouncillorAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "party", "section", "status")
    list_filter = ("status", "party", "section")
    search_fields = ("last_name", "first_name")


class StaffContractInline(admin.TabularInline):
    model = StaffContract
    extra = 0


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "job_title", "status")
    inlines = [StaffContractInline]
