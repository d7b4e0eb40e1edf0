"""Django's JSON serializer, keeping full microseconds (DjangoJSONEncoder cuts times to milliseconds).

Backups use it so a restored revision or log entry carries exactly the time it had; loaddata's ordinary JSON
deserializer reads it.
"""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 - a serializer module provides both
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder
