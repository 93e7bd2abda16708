"""What every editorial page type shares: reserved slugs refused, and what search engines and social
networks read (SEO title and description are Wagtail's own; the sharing picture is ours)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from shops.validators import validate_name_text

from .sanitize import page_rich_text_clean
from .validators import validate_top_level_slug

# What an editor names a page by: no invisible or text-direction characters in them.
NAME_FIELDS = ("title", "title_en", "slug", "seo_title")


class EditorialPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .translation import default_language

        # An English version (a translation) is in English through and through: the French page's English
        # twin fields are not offered on it (their panel then hides itself).
        page = self.instance
        if page.locale_id and page.locale.language_code != default_language():
            for name in [name for name in self.fields if name.endswith("_en")]:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        for name in (name for name in NAME_FIELDS if name in self.fields):
            try:
                validate_name_text(cleaned.get(name) or "")
            except ValidationError as error:
                self.add_error(name, error)
        try:
            validate_top_level_slug(slug=cleaned.get("slug", ""), parent=self.parent_page)
        except Exception as error:
            if hasattr(error, "message_dict"):
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
            else:
                raise
        return cleaned


class EditorialPage(Page):
    """Base of our page types: refuses slugs that belong to the application, carries a sharing picture,
    and the page's English text beside its French one (fields ending in `_en`, shown on English pages
    when written)."""

    # The English twin of Wagtail's title: the footer and the page's heading read it on English pages.
    title_en = models.CharField(_("titre en anglais"), max_length=255, blank=True)

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image de partage"),
        help_text=_("Pour les réseaux sociaux (1200 × 630 px) ; vide : l'image de la page."),
    )

    base_form_class = EditorialPageForm
    promote_panels = [*Page.promote_panels, FieldPanel("og_image")]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # Wagtail's save and save_revision run full_clean: no rich text is stored unclean.
        page_rich_text_clean(self)
        parent = self.get_parent() if self.path else None
        validate_top_level_slug(slug=self.slug, parent=parent)

    # What the routing (editorial.translation) marks on the page it serves to an English reader: its
    # English version, or the French page for want of one (the page then says so).
    english_version = False
    english_fallback = False
    # The `_en` fields that hold the page's main text in English: written, the French page reads in
    # English without a note.
    english_twin_fields: tuple[str, ...] = ()

    def shows_not_in_english_note(self) -> bool:
        """Whether an English reader gets this French page with the note that it has no English version."""
        return self.english_fallback and not any(getattr(self, name, None) for name in self.english_twin_fields)

    def serve_preview(self, request, *args, **kwargs):
        from .translation import default_language

        # A preview is not routed: an English version is marked as the routing would mark it, so that it
        # shows its own text, not the French page's English twin fields it was copied with.
        self.english_version = self.locale.language_code != default_language()
        return super().serve_preview(request, *args, **kwargs)

    def sharing_image(self):
        """The picture social networks show: the sharing picture, else the page's own, else none."""
        return self.og_image or getattr(self, "image", None)

    def structured_data(self, request) -> list[dict]:
        """schema.org objects describing the page, written as JSON-LD in its head."""
        return []


@dataclass(frozen=True)
class LocalizedText:
    """A page's text in the visitor's language, and the language it is really in (for a `lang` attribute)."""

    value: object
    lang: str
    # True when an English page shows the French text (no English written): the template marks it lang="fr".
    is_fallback: bool


def localized_field(page, field: str) -> LocalizedText:
    """A page's field in the visitor's language: the page's own on its English version (a Wagtail
    translation), else its `_en` twin on an English page when the editor wrote one, else the French text
    (which the template then marks lang="fr")."""
    english = (get_language() or "").split("-")[0] == "en"
    if getattr(page, "english_version", False):
        return LocalizedText(value=getattr(page, field), lang="en", is_fallback=False)
    if english:
        value = getattr(page, f"{field}_en", None)
        if value:
            return LocalizedText(value=value, lang="en", is_fallback=False)
    return LocalizedText(value=getattr(page, field), lang="fr", is_fallback=english)


def english_panel(*fields: str) -> MultiFieldPanel:
    """The French page's English text, for visitors reading the site in English while the page has no
    English version (blank: they read the French)."""
    return MultiFieldPanel(
        [FieldPanel(field) for field in fields],
        heading=_("En anglais (facultatif)"),
        classname="collapsed",
    )
