"""The shared index on PostgreSQL, and the transactional outbox that feeds every backend.

Three tables in the public schema:

Every row names its document by (kind, schema, object id) (``search.contract.DocumentKey``);
the entry and text rows share a surrogate integer ``doc_id``, which every query uses.

* ``search_outbox``: one row per "object N of this kind, in this schema, changed", written in the caller's
  transaction by ``services.index_later``; drained after commit by the
  ``search.index_pending`` task, by beat and by ``manage.py reindex``. A row whose
  document failed to index keeps its attempts, last error and next attempt
  (``manage.py search_outbox`` lists them).
* ``search_entry``: the *narrow* table every query scans: ids, small facet columns,
  visibility, and two tsvectors of the segmented text (title alone, title+body) with
  GIN indexes. The body text is not here, so a scan over many hits stays cheap.
* ``search_text``: title, body and labels, read only for the page of hits shown
  (snippets) and for the related-materials query.
"""
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    kind = models.CharField(_("类别"), max_length=30, default="material")
    schema_name = models.CharField(_("模式"), max_length=63, default="public")
    object_id = models.IntegerField(_("对象"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    #: failed attempts to index it (0: never failed); the drain retries a failing row
    #: from ``next_attempt_at`` on (``services.retry_delay``), the others are not held
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)

    class Meta:
        db_table = "search_outbox"
        verbose_name = _("待索引文档")
        verbose_name_plural = _("待索引文档")
        ordering = ["id"]
        indexes = [
            # the failing rows, for the operator's list and the health endpoint's count
            models.Index(fields=["next_attempt_at"], name="search_outbox_failing",
                         condition=models.Q(attempts__gt=0)),
        ]

    def __str__(self) -> str:
        return f"outbox #{self.pk}: {self.kind} {self.schema_name}.{self.object_id}"


class Entry(models.Model):
    doc_id = models.AutoField(primary_key=True)
    kind = models.CharField(_("类别"), max_length=30, default="material")
    schema_name = models.CharField(_("模式"), max_length=63, default="public")
    object_id = models.IntegerField(_("对象"))
    organisation_id = models.IntegerField(_("撰写单位"))
    level = models.CharField(_("层级"), max_length=10)
    province_id = models.IntegerField(_("省份"), null=True, blank=True)
    year = models.SmallIntegerField(_("年份"), null=True, blank=True)
    published_on = models.DateField(_("日期"), null=True, blank=True)
    themes = ArrayField(models.CharField(max_length=50), verbose_name=_("主题"), default=list, blank=True)
    occasion = models.CharField(_("会议"), max_length=200, blank=True)
    visibility = models.CharField(_("可见范围"), max_length=10)
    title_vector = SearchVectorField()
    vector = SearchVectorField()

    class Meta:
        db_table = "search_entry"
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        indexes = [
            GinIndex(fields=["vector"], name="search_entry_vector_gin"),
            GinIndex(fields=["title_vector"], name="search_entry_title_gin"),
            # the order of every date listing (NULLS LAST), so a listing can walk it
            models.Index(F("published_on").desc(nulls_last=True), F("doc_id").desc(),
                         name="search_entry_date_nl"),
            models.Index(fields=["organisation_id"], name="search_entry_org"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "schema_name", "object_id"], name="search_entry_key"),
        ]

    def __str__(self) -> str:
        return f"entry {self.kind} {self.schema_name}.{self.object_id}"


class Text(models.Model):
    doc_id = models.IntegerField(primary_key=True)
    title = models.TextField(_("标题"))
    body = models.TextField(_("正文"), blank=True)
    author = models.CharField(_("作者"), max_length=200, blank=True)
    organisation_name = models.CharField(_("撰写单位"), max_length=100, blank=True)
    keywords = models.TextField(_("关键词"), blank=True)

    class Meta:
        db_table = "search_text"
        verbose_name = _("检索正文")
        verbose_name_plural = _("检索正文")

    def __str__(self) -> str:
        return self.title
