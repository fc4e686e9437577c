from django.shortcuts import render

from tenants.reminders.selectors import deadline_list_open, notice_list_for


def reminder_list(request):
    return render(request, "reminders/list.html", {
        "deadlines": deadline_list_open(),
        "notices": notice_list_for(request.user)[:50],
    })
