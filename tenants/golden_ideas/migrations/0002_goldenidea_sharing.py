"""GoldenIdea.sharing: who outside the committee may find an idea through the shared
search; every existing idea stays unshared (its committee only)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("golden_ideas", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="goldenidea",
            name="sharing",
            field=models.CharField(
                choices=[("committee", "不共享（仅本政协）"), ("province", "与全省共享"), ("platform", "与全平台共享")],
                default="committee", max_length=10, verbose_name="共享范围"),
        ),
    ]
