"""Django's JSON serializer, keeping full microseconds (Django's own rounds to milliseconds).

The audit chain hashes each event's time to the microsecond, so a backup must keep it exactly.
Registered as the serialization format "gkjson" by `core.backup`.
"""

from __future__ import annotations

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", Encoder)
        super()._init_options()


Deserializer = django_json.Deserializer
