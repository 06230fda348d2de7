"""The second half of 0005: drop the clear e-mail column and make contacts unique.

A migration of its own so PostgreSQL alters the table in a transaction that changed no rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_contacts_sealed"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="email"),
        migrations.RenameField(model_name="user", old_name="email_sealed", new_name="email"),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("email_index", ""), _negated=True),
                fields=("email_index",),
                name="accounts_user_email_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("phone_index", ""), _negated=True),
                fields=("phone_index",),
                name="accounts_user_phone_once",
            ),
        ),
    ]
