from django.shortcuts import render

from tenants.reminders.selectors import deadline_list_open


def reminder_list(request):
    """The committee's open deadlines (reminders of them arrive in the inbox)."""
    return render(request, "reminders/list.html", {"deadlines": deadline_list_open()})
