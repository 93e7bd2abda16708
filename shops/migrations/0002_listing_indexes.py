"""Indexes for the public listings at the territory's size (22,000 shops), measured by tests/bench/run.py.

RunSQL rather than AddIndex: the indexes are not declared in the models' Meta (models are not edited
by this change), so AddIndex would leave `makemigrations --check` wanting to remove them. Plain
CREATE INDEX IF NOT EXISTS works on SQLite and PostgreSQL alike; on a large PostgreSQL table in
production, create them beforehand with CREATE INDEX CONCURRENTLY under the same names and this
migration becomes a no-op.
"""

from django.db import migrations

INDEXES = [
    # The directory lists approved shops by name, 24 a page: with this index PostgreSQL reads the
    # first 24 entries instead of sorting every approved shop on each request (21 ms -> 0.2 ms on
    # 22,000 shops; the directory's database time per request went from 24 ms to 4 ms).
    ("shops_status_name_idx", "shops_shop (status, name)"),
]


class Migration(migrations.Migration):
    dependencies = [("shops", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES
    ]
