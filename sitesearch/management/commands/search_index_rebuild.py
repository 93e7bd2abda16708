from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from sitesearch.services import search_index_rebuild


class Command(BaseCommand):
    help = _(
        "Reconstruit l'index de la recherche du site (boutiques, produits, pages, catégories) "
        "à partir de la base. Sans danger : on peut la relancer à tout moment."
    )

    def handle(self, *args, **options):
        counts = search_index_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Recherche : %(shop)d boutiques, %(product)d produits, %(page)d pages "
                    "et %(category)d catégories indexés."
                )
                % counts
            )
        )
