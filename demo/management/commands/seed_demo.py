from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from demo.seed import demo_seed


class Command(BaseCommand):
    help = _(
        "Crée les données de démonstration (comptes, boutiques du Nord-Isère, produits, pages). "
        "Sans effet sur ce qui existe déjà : on peut la relancer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Autorise l'exécution avec les réglages de production."),
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        # The demo creates a superuser whose password is in the README: never by accident in production.
        if settings.SETTINGS_MODULE.endswith(".production") and not force:
            raise CommandError(
                _("Réglages de production : les comptes de démo ont des mots de passe publics. Ajoutez --force.")
            )
        counts = demo_seed(stdout=self.stdout if verbosity > 1 else None)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Démo : %(created)d ligne(s) créée(s) ; en base : %(users)d comptes, "
                    "%(shop_categories)d catégories, %(shops)d boutiques, %(opening_ranges)d plages horaires, "
                    "%(products)d produits, %(stock_records)d stocks, %(product_images)d photos, %(pages)d pages."
                )
                % counts
            )
        )
