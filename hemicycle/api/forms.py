from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Par exemple : « script d’export du groupe socialiste ».",
    )
    expires_on = forms.DateField(
        label="Expire le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Facultatif. Sans date, le jeton vaut jusqu’à sa révocation.",
    )
