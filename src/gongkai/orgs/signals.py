"""Audit every login and logout (failures are counted by the login form, which knows the username)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from . import actions


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    actions.record_login(user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        actions.record_logout(user)
