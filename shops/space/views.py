"""The "Ma boutique" space: the shopkeeper's own shop in Oscar's dashboard.

The shop is always the signed-in user's, found through their partner; no URL ever names it, so
there is no other shop to reach by changing an id. Objects inside the shop (closures, colleagues,
invitations) are looked up within it, and another shop's id answers 404.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from shops.access import ShopSpaceMixin
from shops.models import Closure, ShopInvitation, Weekday
from shops.services import space
from shops.services.hours import opening_hours_replace
from shops.services.profile import PROFILE_FIELDS, shop_profile_update
from shops.space.forms import (
    ClosureForm,
    InvitationAccountForm,
    InvitationForm,
    OpeningHoursForm,
    PickupSettingsForm,
    ShopProfileForm,
    form_add_errors,
)
from shops.territory import TOWNS

User = get_user_model()

# Signed in with this backend after opening an account from an invitation.
EMAIL_BACKEND = "oscar.apps.customer.auth_backends.EmailBackend"


class IndexView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days: dict[int, list] = {day.value: [] for day in Weekday}
        for opening in self.shop.opening_ranges.all():
            days[opening.weekday].append(opening)
        context["week"] = [(Weekday(day).label, ranges) for day, ranges in days.items()]
        context["closures"] = self.shop.closures.filter(ends_on__gte=timezone.localdate())[:3]
        context["team_size"] = self.shop.partner.users.count()
        context["invitations_count"] = space.invitations_pending(shop=self.shop).count()
        return context


class ProfileView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/profile.html"
    active_tab = "profile"
    title = _("Profil de la boutique")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["image_fields"] = [
            (form["logo"], self.shop.logo, "space-logo"),
            (form["cover"], self.shop.cover, "space-cover"),
        ]
        # What static/js/shop-map.js needs to move the pin when the town changes.
        context["towns"] = {
            town.name: {"lat": str(town.latitude), "lng": str(town.longitude), "postcode": town.postcode}
            for town in TOWNS
        }
        context["default_town"] = TOWNS[0]
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ShopProfileForm(instance=self.shop)))

    def post(self, request, *args, **kwargs):
        form = ShopProfileForm(request.POST, request.FILES, instance=self.shop)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in PROFILE_FIELDS if name in form.cleaned_data}
            moved = (data.get("town"), data.get("postcode")) != (self.shop.town, self.shop.postcode)
            kept_position = (data.get("latitude"), data.get("longitude")) == (self.shop.latitude, self.shop.longitude)
            if moved and kept_position:
                # Without the map (no JavaScript) the hidden position is the old one: centre on the new town.
                data["latitude"] = data["longitude"] = None
            try:
                shop_profile_update(
                    shop=self.shop, data=data, logo=form.cleaned_data.get("logo"), cover=form.cleaned_data.get("cover")
                )
            except ValidationError as error:
                self.shop.refresh_from_db()
                form_add_errors(form, error)
            else:
                messages.success(request, _("Profil enregistré."))
                return redirect("my-shop:profile")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class HoursView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/hours.html"
    active_tab = "hours"
    title = _("Horaires d'ouverture")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=OpeningHoursForm(shop=self.shop)))

    def post(self, request, *args, **kwargs):
        form = OpeningHoursForm(request.POST, shop=self.shop)
        if form.is_valid():
            try:
                opening_hours_replace(shop=self.shop, ranges=form.cleaned_data["ranges"])
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("Horaires enregistrés."))
                return redirect("my-shop:hours")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClosureListView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/closures.html"
    active_tab = "closures"
    title = _("Fermetures exceptionnelles")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["closures"] = self.shop.closures.filter(ends_on__gte=timezone.localdate())
        context.setdefault("form", ClosureForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ClosureForm(request.POST)
        if form.is_valid():
            try:
                space.closure_add(shop=self.shop, **form.cleaned_data)
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("Fermeture ajoutée : les clients ne pourront pas réserver ces jours-là."))
                return redirect("my-shop:closures")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClosureDeleteView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/closure_delete.html"
    active_tab = "closures"
    title = _("Supprimer une fermeture")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        closure = self.shop.closures.filter(pk=self.kwargs["pk"]).first()
        if closure is None:
            raise Http404
        context["closure"] = closure
        return context

    def post(self, request, *args, **kwargs):
        try:
            space.closure_remove(shop=self.shop, closure_id=self.kwargs["pk"])
        except Closure.DoesNotExist as error:
            raise Http404 from error
        messages.success(request, _("Fermeture supprimée."))
        return redirect("my-shop:closures")


class PickupView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/pickup.html"
    active_tab = "pickup"
    title = _("Retrait en boutique")

    def get(self, request, *args, **kwargs):
        form = PickupSettingsForm(initial=PickupSettingsForm.initial_for(self.shop))
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = PickupSettingsForm(request.POST)
        if form.is_valid():
            try:
                space.pickup_settings_update(shop=self.shop, **form.cleaned_data)
            except ValidationError as error:
                self.shop.refresh_from_db()
                form_add_errors(form, error)
            else:
                messages.success(request, _("Réglages du retrait enregistrés."))
                return redirect("my-shop:pickup")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TeamView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/team.html"
    active_tab = "team"
    title = _("Équipe")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = space.shop_users(shop=self.shop)
        if self.is_owner:
            context["invitations"] = space.invitations_pending(shop=self.shop)
            context.setdefault("form", InvitationForm())
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_owner:
            # The service refuses too; answering first keeps the reply the same whatever was typed.
            raise PermissionDenied
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = space.shop_invite(
                    shop=self.shop, invited_by=request.user, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Invitation envoyée à %(email)s : le lien est valable %(days)s jours.")
                    % {"email": invitation.email, "days": space.INVITATION_MAX_AGE.days},
                )
                return redirect("my-shop:team")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TeamRemoveView(ShopSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/team_remove.html"
    active_tab = "team"
    title = _("Retirer un membre de l'équipe")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.shop.partner.users.filter(pk=self.kwargs["user_id"]).first()
        if member is None:
            raise Http404
        context["member"] = member
        return context

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        if not self.is_owner or context["member"].pk == self.shop.owner_id:
            messages.error(request, _("Seule la personne titulaire retire quelqu'un de l'équipe, et jamais elle-même."))
            return redirect("my-shop:team")
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        try:
            space.shop_user_remove(shop=self.shop, actor=request.user, user_id=self.kwargs["user_id"])
        except User.DoesNotExist as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Cette personne ne gère plus la boutique."))
        return redirect("my-shop:team")


class InvitationCancelView(ShopSpaceMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            space.invitation_cancel(shop=self.shop, actor=request.user, invitation_id=self.kwargs["pk"])
        except ShopInvitation.DoesNotExist as error:
            raise Http404 from error
        messages.success(request, _("Invitation annulée : son lien ne fonctionne plus."))
        return redirect("my-shop:team")


@method_decorator(never_cache, name="dispatch")
class InvitationAcceptView(View):
    """Public: the invited person may have no account yet. The token, not the URL, names the shop."""

    template_name = "shops/dashboard/space/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs["token"]
        try:
            self.invitation = space.invitation_read(token=self.token)
        except ValidationError as error:
            return render(request, self.template_name, {"error": error.messages[0]}, status=400)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(form=self.account_form())

    def post(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            try:
                shop = space.invitation_accept(token=self.token, user=user)
            except ValidationError as error:
                return self.render(error=error.messages[0], status=400)
            messages.success(request, _("Bienvenue dans l'équipe de la boutique « %(shop)s » !") % {"shop": shop.name})
            return redirect("my-shop:index")
        if self.account_exists():
            return HttpResponseRedirect(self.login_url())
        form = self.account_form(data=request.POST)
        if form.is_valid():
            try:
                user = space.invitation_account_create(
                    token=self.token,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                login(request, user, backend=EMAIL_BACKEND)
                messages.success(
                    request,
                    _("Compte créé : bienvenue dans l'équipe de la boutique « %(shop)s » !")
                    % {"shop": self.invitation.shop.name},
                )
                return redirect("my-shop:index")
        return self.render(form=form, status=400)

    def account_exists(self) -> bool:
        return User.objects.filter(email__iexact=self.invitation.email).exists()

    def account_form(self, data=None):
        return InvitationAccountForm(data=data, email=self.invitation.email)

    def login_url(self) -> str:
        return f"{reverse('customer:login')}?{urlencode({'next': self.request.path})}"

    def render(self, *, form=None, error=None, status=200):
        user = self.request.user
        if user.is_authenticated:
            mode = "accept" if (user.email or "").casefold() == self.invitation.email.casefold() else "wrong_email"
        else:
            mode = "login" if self.account_exists() else "signup"
        context = {
            "invitation": self.invitation,
            "shop": self.invitation.shop,
            "mode": mode,
            "form": form,
            "error": error,
            "login_url": self.login_url(),
            "expires_at": self.invitation.created_at + space.INVITATION_MAX_AGE,
        }
        return render(self.request, self.template_name, context, status=status)
