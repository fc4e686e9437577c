"""The Celery app: every task runs in the schema of the tenant that queued it.

tenant-schemas-celery stamps the sender's schema on each message and re-enters
it in the worker (task_prerun), whatever schema the worker process used before.
Beat sends tenant-wide periodic tasks to every tenant schema.
"""
import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("cppcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

from celery.schedules import crontab  # noqa: E402

app.conf.beat_schedule = {
    # Every morning, in every committee's schema: the safety nets first (this month's
    # report deadlines, the member count), then at 08:00 (Asia/Shanghai) the reminders.
    "report-deadlines-daily": {"task": "programmes.report_deadlines_refresh", "schedule": crontab(hour=7, minute=30)},
    "member-count-daily": {"task": "structure.member_count_push", "schedule": crontab(hour=7, minute=30)},
    # Every night, in every committee's schema: the figures of the province's network view.
    "network-status-nightly": {"task": "programmes.network_status_push", "schedule": crontab(hour=2, minute=30)},
    # ... and the computed 比学赶超 values its proposals and social-conditions reports give.
    "proposals-benchmark-nightly": {"task": "proposals.benchmark_push", "schedule": crontab(hour=2, minute=45)},
    "opinions-benchmark-nightly": {"task": "opinions.benchmark_push", "schedule": crontab(hour=2, minute=45)},
    "reminders-daily": {"task": "reminders.send", "schedule": crontab(hour=8, minute=0)},
    # Every minute, once, in the public schema: index what the outbox still holds
    # (materials saved while the broker or the search engine was down).
    "search-index-pending": {"task": "search.index_pending", "schedule": 60.0, "tenant_schemas": ["public"]},
    # Every minute, once, in the public schema: send the notification emails still pending
    # (saved while the broker or the mail server was down).
    "notifications-email-pending": {"task": "notifications.email_send", "schedule": 60.0, "tenant_schemas": ["public"]},
    # Every night, once, in the public schema: remove upload files left by killed uploads.
    "materials-sweep-orphans-daily": {"task": "materials.sweep_orphans", "schedule": crontab(hour=3, minute=15),
                                      "tenant_schemas": ["public"]},
}
