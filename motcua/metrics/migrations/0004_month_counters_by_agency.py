"""The monthly counters keep the receiving and processing agencies (decision 0070, 9): rolled
up again from the daily counters, which hold the same cells by day."""

from django.db import migrations, models
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from motcua.metrics.measures import NAMES

KEYS = ("province_code", "receiving_agency_id", "processing_agency_id", "procedure_code", "field_code")


def roll_up(apps, schema_editor):
    Counter = apps.get_model("metrics", "Counter")
    MonthCounter = apps.get_model("metrics", "MonthCounter")
    MonthCounter.objects.all().delete()
    provinces = Counter.objects.values_list("province_code", flat=True).distinct().order_by("province_code")
    for province in list(provinces):
        rows = (
            Counter.objects.filter(province_code=province)
            .annotate(first=TruncMonth("day"))
            .values("first", *KEYS)
            .annotate(**{f"s_{n}": Sum(n) for n in NAMES})
            .order_by()
        )
        batch = []
        for row in rows.iterator(chunk_size=5000):
            first = row["first"]
            batch.append(
                MonthCounter(
                    month=first.date() if hasattr(first, "date") else first,
                    **{k: row[k] for k in KEYS},
                    **{n: row[f"s_{n}"] or 0 for n in NAMES},
                )
            )
            if len(batch) >= 5000:
                MonthCounter.objects.bulk_create(batch)
                batch = []
        MonthCounter.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0003_officer_counters")]

    operations = [
        migrations.RemoveConstraint(model_name="monthcounter", name="metrics_month_key"),
        migrations.AddField(
            model_name="monthcounter",
            name="receiving_agency_id",
            field=models.IntegerField(default=0, verbose_name="nơi tiếp nhận"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="monthcounter",
            name="processing_agency_id",
            field=models.IntegerField(default=0, verbose_name="cơ quan giải quyết"),
            preserve_default=False,
        ),
        migrations.RunPython(roll_up, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="monthcounter",
            constraint=models.UniqueConstraint(
                fields=("province_code", "month", "receiving_agency_id", "processing_agency_id", "procedure_code"),
                name="metrics_month_agency_key",
            ),
        ),
        migrations.AddIndex(
            model_name="monthcounter",
            index=models.Index(fields=["receiving_agency_id", "month"], name="metrics_month_receiving"),
        ),
        migrations.AddIndex(
            model_name="monthcounter",
            index=models.Index(fields=["processing_agency_id", "month"], name="metrics_month_processing"),
        ),
    ]
