"""Demo of the forwarded reports: 四川省政协 has adopted one of 资阳's (the first it received), as its
officer would on the province's page. Runs after the committees' demos; idempotent."""
from __future__ import annotations

from django.utils import timezone


def demo_fill_network(organisations) -> None:
    from accounts.models import User

    from .models import ForwardedReport
    from .services import province_adoption_write

    province = organisations.get("sichuan")
    if province is None or ForwardedReport.objects.filter(organisation__province=province,
                                                          province_adopted_on__isnull=False).exists():
        return
    first = ForwardedReport.objects.filter(organisation__province=province, to_province=True,
                                           to_national=True).order_by("forwarded_at").first()
    if first is None:
        return
    officer = User.objects.filter(username="sichuan_officer").values_list("pk", flat=True).first()
    province_adoption_write(forwarded=first, adopted_on=timezone.localdate(), issue="四川社情民意（第 15 期）",
                            by_user_id=officer)
