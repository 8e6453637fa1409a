"""`in` on an integer column ignores numbers the column cannot hold.

Django's exact, gt and lt lookups on integer fields already treat an out-of-range number as
matching nothing (IntegerFieldOverflow); `in` does not, so a hand-made form post of
9223372036854775808 for a checkbox (ModelMultipleChoiceField queries `pk__in`) failed in the
database (SQLite: OverflowError; PostgreSQL: out of range) instead of being an invalid choice.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
