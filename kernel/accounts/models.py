from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.abstract_models import AbstractUser


class User(AbstractUser):
    """A person who signs in with their email: shopper, shopkeeper, editor or staff."""

    phone = models.CharField(_("téléphone"), max_length=32, blank=True)
    email_confirmed_at = models.DateTimeField(_("email confirmé le"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # "Anne@x.fr" and "anne@x.fr" are the same person.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
